import Foundation
import MailCrypto
import MailMessage
import TestSupport
import Testing

/// PGP/MIME (RFC 3156) read through GPGME, against messages the real gpg made.
@Suite struct PGPMIMETests {
    static let alice = "Alice <alice@example.test>"
    static let bob = "Bob <bob@example.test>"

    /// A home with Alice (the sender) and Bob (the reader), and a renderer over it.
    static func withHome(_ body: (GnuPGHome, MessageRenderer) throws -> Void) throws {
        let home = try GnuPGHome()
        defer { home.close() }
        try home.makeKey(alice)
        try home.makeKey(bob)
        try body(home, MessageRenderer(cryptography: MailCryptography(gnupgHome: home.path)))
    }

    @Test func goodSignatureOverTheWholeMessage() throws {
        try Self.withHome { home, renderer in
            let raw = try SignedMail.signedMessage("Hello Bob,\r\nthe figures are in.", by: "alice@example.test", from: Self.alice, in: home)
            let rendered = renderer.render(MessageParser.parse(raw))
            #expect(rendered.security.count == 1)
            let report = try #require(rendered.security.first)
            #expect(report.kind == .signedMIME && report.coversWholeMessage && !report.encrypted)
            let signature = try #require(report.signatures.first)
            #expect(signature.status == .good)
            #expect(signature.signer == Self.alice)
            #expect(signature.fingerprint?.count == 40)
            #expect(signature.matchesFrom)
            #expect(signature.keyCertified == true, "a key made in this keyring is the user's own: ultimately trusted")
            #expect(!rendered.securityLines.contains { $0.contains("not certified") })
            #expect(rendered.securityLines.first == "▌ The whole message is signed (PGP/MIME).")
            #expect(rendered.securityLines.contains("▌   Good signature from Alice <alice@example.test>"))
            #expect(rendered.bodyText.contains("▌ Begin signed part 1 (PGP/MIME): good signature\nHello Bob,\nthe figures are in.\n▌ End of signed part 1"))
        }
    }

    /// The same bytes with LF line ends (as a Maildir or mbox file keeps them) verify too:
    /// the signed part is made CRLF before checking.
    @Test func lineEndsAreCanonicalised() throws {
        try Self.withHome { home, renderer in
            let raw = try SignedMail.signedMessage("Line one\r\nLine two", by: "alice@example.test", from: Self.alice, in: home)
            let unix = Array(String(decoding: raw, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").utf8)
            #expect(renderer.render(MessageParser.parse(unix)).security.first?.signatures.first?.status == .good)
        }
    }

    @Test func changedTextIsABadSignature() throws {
        try Self.withHome { home, renderer in
            let raw = try SignedMail.signedMessage("Pay 100 EUR to account 1234.", by: "alice@example.test", from: Self.alice, in: home)
            let forged = Array(String(decoding: raw, as: UTF8.self).replacingOccurrences(of: "100 EUR", with: "900 EUR").utf8)
            let rendered = renderer.render(MessageParser.parse(forged))
            #expect(rendered.security.first?.signatures.first?.status == .bad)
            #expect(rendered.securityLines.contains("▌   BAD signature from Alice <alice@example.test>"))
            #expect(rendered.bodyText.contains("▌ Begin signed part 1 (PGP/MIME): BAD signature"))
        }
    }

    @Test func unknownKey() throws {
        let stranger = try GnuPGHome()
        defer { stranger.close() }
        try stranger.makeKey("Carol <carol@example.test>")
        try Self.withHome { _, renderer in
            let raw = try SignedMail.signedMessage("Hi", by: "carol@example.test", from: "Carol <carol@example.test>", in: stranger)
            let report = try #require(renderer.render(MessageParser.parse(raw)).security.first)
            #expect(report.signatures.first?.status == .unknownKey)
            #expect(report.signatures.first?.signer == nil)
            #expect(report.isWarning)
        }
    }

    @Test func expiredKey() throws {
        try Self.withHome { home, renderer in
            try home.makeKey("Dave <dave@example.test>", expire: "seconds=1")
            let raw = try SignedMail.signedMessage("Old news", by: "dave@example.test", from: "Dave <dave@example.test>", in: home)
            Thread.sleep(forTimeInterval: 2.2)
            let report = try #require(renderer.render(MessageParser.parse(raw)).security.first)
            #expect(report.signatures.first?.status == .expired)
        }
    }

    @Test func revokedKey() throws {
        try Self.withHome { home, renderer in
            let fingerprint = try home.makeKey("Erin <erin@example.test>")
            let raw = try SignedMail.signedMessage("Before the revocation", by: "erin@example.test", from: "Erin <erin@example.test>", in: home)
            // gpg made a revocation certificate with the key; importing it revokes the key.
            let certificate = try String(contentsOfFile: "\(home.path)/openpgp-revocs.d/\(fingerprint).rev", encoding: .utf8)
                .replacingOccurrences(of: ":-----BEGIN", with: "-----BEGIN")
            try home.importKey(Array(certificate.utf8))
            let report = try #require(renderer.render(MessageParser.parse(raw)).security.first)
            #expect(report.signatures.first?.status == .revoked)
            #expect(renderer.render(MessageParser.parse(raw)).securityLines.contains { $0.contains("REVOKED") })
        }
    }

    @Test func decryptsAndSaysWhetherSigned() throws {
        try Self.withHome { home, renderer in
            let entity = SignedMail.textEntity("The launch code is 0000.")
            let signed = try SignedMail.encryptedMessage(entity, to: "bob@example.test", signer: "alice@example.test", from: Self.alice, in: home)
            let rendered = renderer.render(MessageParser.parse(signed))
            let report = try #require(rendered.security.first)
            #expect(report.kind == .encryptedMIME && report.encrypted && report.decrypted && report.coversWholeMessage)
            #expect(report.signatures.first?.status == .good && report.signatures.first?.matchesFrom == true)
            #expect(rendered.bodyText.contains("▌ Begin encrypted part 1 (PGP/MIME): decrypted, good signature\nThe launch code is 0000.\n▌ End of encrypted part 1"))

            let unsigned = try SignedMail.encryptedMessage(entity, to: "bob@example.test", signer: nil, from: Self.alice, in: home)
            let plain = renderer.render(MessageParser.parse(unsigned))
            #expect(plain.security.first?.decrypted == true && plain.security.first?.isSigned == false)
            #expect(plain.securityLines.contains("▌   The encrypted content is not signed: anyone could have written it."))
            #expect(plain.bodyText.contains("The launch code is 0000."))
        }
    }

    /// Without the cryptography (as the store and the search index render), nothing is
    /// decrypted.
    @Test func nothingIsDecryptedWithoutTheEngine() throws {
        try Self.withHome { home, _ in
            let raw = try SignedMail.encryptedMessage(SignedMail.textEntity("secret words"), to: "bob@example.test", signer: nil,
                                                      from: Self.alice, in: home)
            let rendered = MessageRenderer().render(MessageParser.parse(raw))
            #expect(!rendered.fullText.contains("secret words"))
            #expect(rendered.security.isEmpty)
        }
    }

    @Test func wrongKeyCannotDecrypt() throws {
        let other = try GnuPGHome()
        defer { other.close() }
        try other.makeKey("Frank <frank@example.test>")
        try Self.withHome { home, renderer in
            try home.importKey(try other.exportPublic("Frank <frank@example.test>"))
            let raw = try SignedMail.encryptedMessage(SignedMail.textEntity("for Frank only"), to: "frank@example.test", signer: nil,
                                                      from: Self.alice, in: home)
            let rendered = renderer.render(MessageParser.parse(raw))
            let report = try #require(rendered.security.first)
            #expect(report.encrypted && !report.decrypted)
            #expect(report.failure?.contains("secret key") == true)
            #expect(rendered.securityLines.contains("▌   Could not be decrypted."))
            #expect(!rendered.bodyText.contains("for Frank only"))
        }
    }

    /// Attachments inside encrypted content are listed after the message's own parts
    /// and their bytes come from the decryption, held in memory only.
    @Test func attachmentsInsideEncryptedContent() throws {
        try Self.withHome { home, renderer in
            let entity = SignedMail.crlf(["Content-Type: multipart/mixed; boundary=\"in\"", "", "--in", "Content-Type: text/plain", "",
                                          "See the file.", "--in", "Content-Type: application/octet-stream; name=\"plan.bin\"",
                                          "Content-Disposition: attachment; filename=\"plan.bin\"", "Content-Transfer-Encoding: base64", "",
                                          "AAECAwQ=", "--in--", ""])
            let raw = try SignedMail.encryptedMessage(entity, to: "bob@example.test", signer: nil, from: Self.alice, in: home)
            let message = MessageParser.parse(raw)
            let rendered = renderer.render(message)
            let opened = try #require(rendered.attachments.first { $0.openedData != nil })
            #expect(opened.filename == "plan.bin" && opened.number == 4 && opened.insidePart == 1)
            #expect(opened.openedData == [0, 1, 2, 3, 4])
            #expect(renderer.attachmentData(message, attachment: opened) == [0, 1, 2, 3, 4])
            #expect(rendered.bodyText.contains("See the file."))
            // Without the engine the list holds only the message's own parts.
            #expect(MessageRenderer().render(message).attachments.allSatisfy { $0.openedData == nil })
        }
    }

    /// Protected headers: the outer Subject is "..." and the real one is inside.
    @Test func protectedSubjectIsShownFromInside() throws {
        try Self.withHome { home, renderer in
            let entity = SignedMail.crlf(["Content-Type: text/plain; charset=utf-8; protected-headers=\"v1\"", "Subject: Real plans", "",
                                          "Body.", ""])
            let raw = try SignedMail.encryptedMessage(entity, to: "bob@example.test", signer: "alice@example.test", from: Self.alice, in: home)
            let rendered = renderer.render(MessageParser.parse(raw))
            #expect(rendered.headerLines.contains("Subject: Real plans"))
            #expect(!rendered.headerLines.contains("Subject: ..."))
            #expect(rendered.security.first?.protectedSubject == true)
            #expect(rendered.securityLines.contains("▌   The Subject shown is the one inside the encrypted part."))

            // A piece of a message does not speak for its Subject.
            let (body, boundary) = try SignedMail.pgpEncrypted(entity, to: "bob@example.test", signer: nil, in: home)
            let mixed = SignedMail.crlf(SignedMail.header(from: Self.alice, subject: "Outer", type: "multipart/mixed; boundary=\"m\"")
                + ["", "--m", "Content-Type: text/plain", "", "Hello", "--m",
                   "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"\(boundary)\"", "", ""])
                + body + SignedMail.crlf(["", "--m--", ""])
            let piece = renderer.render(MessageParser.parse(mixed))
            #expect(piece.headerLines.contains("Subject: Outer"))
            #expect(piece.security.first?.protectedSubject == false)
        }
    }

    /// A key only imported, never certified: the signature is good, and the block says
    /// the keyring does not vouch that the key is the signer's.
    @Test func importedKeyIsNotCertified() throws {
        let stranger = try GnuPGHome()
        defer { stranger.close() }
        try stranger.makeKey("Carol <carol@example.test>")
        try Self.withHome { home, renderer in
            try home.importKey(try stranger.exportPublic("Carol <carol@example.test>"))
            let raw = try SignedMail.signedMessage("Hello", by: "carol@example.test", from: "Carol <carol@example.test>", in: stranger)
            let rendered = renderer.render(MessageParser.parse(raw))
            let signature = try #require(rendered.security.first?.signatures.first)
            #expect(signature.status == .good && signature.keyCertified == false)
            #expect(rendered.securityLines.contains("▌     The key is not certified as the signer's in your keyring: compare the fingerprint with them."))
        }
    }
}
