import Foundation
import TestSupport
import Testing

/// `merle show --text` and `--parts --json` on mail signed and encrypted by the real gpg,
/// with the keyring named by `$GNUPGHOME` as users set it.
@Suite struct ShowCryptoTests {
    static func crlf(_ lines: [String]) -> [UInt8] { Array(lines.joined(separator: "\r\n").utf8) }

    @Test func statusBlockInTextAndFactsInJSON() throws {
        let home = try GnuPGHome()
        defer { home.close() }
        try home.makeKey("Alice <alice@example.test>")
        let folder = try TemporaryFolder()
        let cipher = try home.gpg(["--armor", "--encrypt", "--recipient", "alice@example.test", "--sign", "--local-user", "alice@example.test"],
                                  input: Self.crlf(["Content-Type: multipart/mixed; boundary=\"in\"", "", "--in", "Content-Type: text/plain; charset=utf-8", "",
                                                    "Decrypted words.", "--in", "Content-Type: text/plain; name=\"notes.txt\"",
                                                    "Content-Disposition: attachment; filename=\"notes.txt\"", "", "Decrypted words.", "--in--", ""]))
        let message = Self.crlf(["From: Alice <alice@example.test>", "To: alice@example.test", "Subject: ...",
                                 "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"e\"", "",
                                 "--e", "Content-Type: application/pgp-encrypted", "", "Version: 1", "",
                                 "--e", "Content-Type: application/octet-stream; name=\"encrypted.asc\"", "", ""])
            + cipher + Self.crlf(["", "--e--", ""])
        let file = try folder.write("e.eml", String(decoding: message, as: UTF8.self))
        let environment = ["GNUPGHOME": home.path]

        let text = try MerleProcess.run(["show", "--file", file, "--text"], environment: environment)
        #expect(text.status == 0, "\(text.stderr)")
        let sections = text.output.components(separatedBy: "\n\n")
        // The block stands in the header section, before the first empty line.
        #expect(sections[0].contains("▌ The whole message is encrypted (PGP/MIME)."))
        #expect(sections[0].contains("▌   Good signature from Alice <alice@example.test>"))
        #expect(text.output.contains("▌ Begin encrypted part 1 (PGP/MIME): decrypted, good signature\nDecrypted words.\n▌ End of encrypted part 1"))
        #expect(text.output.contains("  4. notes.txt (text/plain, 16 bytes, in encrypted part 1)"), "\(text.output)")

        let part = try MerleProcess.run(["show", "--file", file, "--part", "4"], environment: environment)
        #expect(part.status == 0 && part.output == "Decrypted words.", "\(part.stderr)")

        let parts = try MerleProcess.run(["show", "--file", file, "--parts", "--json"], environment: environment)
        #expect(parts.status == 0, "\(parts.stderr)")
        let lines = ShowPartsTests.jsonLines(parts.output)
        #expect(lines.last?["filename"] as? String == "notes.txt" && lines.last?["index"] as? Int == 4 && lines.last?["path"] as? String == "1 (decrypted) 2")
        let first = try #require(lines.first)
        let security = try #require((first["security"] as? [[String: Any]])?.first)
        #expect(security["kind"] as? String == "encrypted")
        #expect(security["decrypted"] as? Bool == true)
        #expect(security["covers_whole_message"] as? Bool == true)
        let signature = try #require((security["signatures"] as? [[String: Any]])?.first)
        #expect(signature["status"] as? String == "good")
        #expect(signature["matches_from"] as? Bool == true)
        #expect(signature["signer"] as? String == "Alice <alice@example.test>")
        #expect((signature["fingerprint"] as? String)?.count == 40)
    }

    /// S/MIME with the key, certificate and CA named in `[general]`.
    @Test func smimeWithTheConfiguredKey() throws {
        let ca = try SMIMETestCA()
        defer { ca.close() }
        let alice = try ca.issue("Alice", address: "alice@example.test")
        let bob = try ca.issue("Bob", address: "bob@example.test")
        let folder = try TemporaryFolder()
        let signed = try ca.openssl(["cms", "-sign", "-text", "-signer", alice.certificate, "-inkey", alice.key], input: Array("Sealed words.\n".utf8))
        let encrypted = try ca.openssl(["cms", "-encrypt", "-aes256", "-from", "Alice <alice@example.test>", "-to", "bob@example.test",
                                        "-subject", "...", bob.certificate], input: signed)
        let file = try folder.write("s.eml", String(decoding: encrypted, as: UTF8.self))
        let base = try String(contentsOfFile: try TestConfig.unreachable(in: folder), encoding: .utf8)
        let config = try folder.write("smime.toml", """
            [general]
            smime_key = "\(bob.key)"
            smime_certificate = "\(bob.certificate)"
            smime_ca_file = "\(ca.caCertificate)"

            """ + base)

        let text = try MerleProcess.run(["show", "--file", file, "--text", "--config", config])
        #expect(text.status == 0, "\(text.stderr)")
        let head = text.output.components(separatedBy: "\n\n")[0]
        #expect(head.contains("▌ The whole message is encrypted (S/MIME)."), "\(text.output)")
        #expect(head.contains("▌   Good signature from /CN=Alice/emailAddress=alice@example.test"), "\(text.output)")
        #expect(text.output.contains("Sealed words."))

        let without = try MerleProcess.run(["show", "--file", file, "--text"])
        #expect(without.output.contains("No S/MIME key is set up to decrypt it with."), "\(without.output)")
        #expect(!without.output.contains("Sealed words."))

        let broken = try folder.write("broken.toml", "[general]\nsmime_key = \"\(bob.key)\"\n\n" + base)
        let refused = try MerleProcess.run(["show", "--file", file, "--text", "--config", broken])
        #expect(refused.status == 1 && refused.stderr.contains("smime_key and smime_certificate go together"), "\(refused.stderr)")
    }
}
