import Foundation
import MailCrypto
import MailMessage
import TestSupport
import Testing

/// S/MIME (RFC 8551) read through OpenSSL's CMS, against messages `openssl cms` and
/// `openssl smime` made with certificates from a throwaway CA.
@Suite struct SMIMETests {
    struct People {
        let ca: SMIMETestCA
        let alice: (key: String, certificate: String)
        let bob: (key: String, certificate: String)

        /// Bob's reader: his key, trusting only the test CA.
        var renderer: MessageRenderer {
            MessageRenderer(cryptography: MailCryptography(smime: SMIMEEngine(
                identities: [.init(keyPath: bob.key, certificatePath: bob.certificate)], caFile: ca.caCertificate, trustsSystemCAs: false)))
        }

        func sign(_ text: String, tool: String = "cms", extra: [String] = [], signer: (key: String, certificate: String)? = nil) throws -> [UInt8] {
            let signer = signer ?? alice
            return try ca.openssl([tool, "-sign", "-text", "-signer", signer.certificate, "-inkey", signer.key, "-from", "Alice <alice@example.test>",
                                   "-to", "bob@example.test", "-subject", "Signed"] + extra, input: Array(text.utf8))
        }
    }

    static func withPeople(_ body: (People) throws -> Void) throws {
        let ca = try SMIMETestCA()
        defer { ca.close() }
        let people = People(ca: ca, alice: try ca.issue("Alice", address: "alice@example.test"), bob: try ca.issue("Bob", address: "bob@example.test"))
        try body(people)
    }

    @Test func detachedSignatureFromOpensslCmsAndSmime() throws {
        try Self.withPeople { people in
            for tool in ["cms", "smime"] {
                let rendered = people.renderer.render(MessageParser.parse(try people.sign("Signed by S/MIME.\n", tool: tool)))
                let report = try #require(rendered.security.first, "\(tool)")
                #expect(report.kind == .signedMIME && report.format == .smime && report.coversWholeMessage)
                let signature = try #require(report.signatures.first)
                #expect(signature.status == .good, "\(tool): \(signature.detail ?? "")")
                #expect(signature.signer?.contains("CN=Alice") == true)
                #expect(signature.signerAddresses == ["alice@example.test"])
                #expect(signature.matchesFrom)
                #expect(signature.fingerprint?.count == 64)
                #expect(rendered.bodyText.contains("▌ Begin signed part 1 (S/MIME): good signature\nSigned by S/MIME.\n▌ End of signed part 1"))
            }
        }
    }

    @Test func opaqueSignedData() throws {
        try Self.withPeople { people in
            let rendered = people.renderer.render(MessageParser.parse(try people.sign("Opaque.\n", extra: ["-nodetach"])))
            let report = try #require(rendered.security.first)
            #expect(report.kind == .smimeOpaqueSigned && report.signatures.first?.status == .good)
            #expect(rendered.bodyText.contains("Opaque."))
        }
    }

    @Test func changedContentIsBadAndAStrangerIsNotTrusted() throws {
        try Self.withPeople { people in
            let raw = String(decoding: try people.sign("Pay 10 EUR.\n"), as: UTF8.self)
            let forged = Array(raw.replacingOccurrences(of: "Pay 10 EUR.", with: "Pay 90 EUR.").utf8)
            #expect(people.renderer.render(MessageParser.parse(forged)).security.first?.signatures.first?.status == .bad)

            let stranger = try SMIMETestCA()
            defer { stranger.close() }
            let mallory = try stranger.issue("Mallory", address: "mallory@example.test")
            let signed = try people.sign("Trust me.\n", signer: mallory)
            let signature = try #require(people.renderer.render(MessageParser.parse(signed)).security.first?.signatures.first)
            #expect(signature.status == .unknownKey)
            #expect(signature.detail?.contains("not trusted") == true)
        }
    }

    @Test func expiredCertificate() throws {
        try Self.withPeople { people in
            let old = try people.ca.issue("Old Alice", address: "old@example.test", days: -1)
            let signature = try #require(people.renderer.render(MessageParser.parse(try people.sign("Long ago.\n", signer: old))).security.first?.signatures.first)
            #expect(signature.status == .expired)
        }
    }

    @Test func envelopedDataDecryptsForItsRecipientOnly() throws {
        try Self.withPeople { people in
            let encrypted = try people.ca.openssl(["cms", "-encrypt", "-text", "-aes256", "-from", "Alice <alice@example.test>", "-to", "bob@example.test",
                                                   "-subject", "...", people.bob.certificate], input: Array("For Bob's eyes.\n".utf8))
            let rendered = people.renderer.render(MessageParser.parse(encrypted))
            let report = try #require(rendered.security.first)
            #expect(report.kind == .smimeEnveloped && report.decrypted && !report.signedInside)
            #expect(rendered.bodyText.contains("For Bob's eyes."))

            let alicesReader = MessageRenderer(cryptography: MailCryptography(smime: SMIMEEngine(
                identities: [.init(keyPath: people.alice.key, certificatePath: people.alice.certificate)], caFile: people.ca.caCertificate)))
            let refused = alicesReader.render(MessageParser.parse(encrypted))
            #expect(refused.security.first?.decrypted == false)
            #expect(refused.security.first?.failure?.contains("None of the S/MIME keys") == true)
            #expect(!refused.bodyText.contains("For Bob's eyes."))
        }
    }

    /// Signed, then encrypted (as S/MIME clients send it): both layers reported.
    @Test func signedThenEncrypted() throws {
        try Self.withPeople { people in
            let signed = try people.ca.openssl(["cms", "-sign", "-text", "-signer", people.alice.certificate, "-inkey", people.alice.key],
                                               input: Array("Signed and sealed.\n".utf8))
            let encrypted = try people.ca.openssl(["cms", "-encrypt", "-aes256", "-from", "Alice <alice@example.test>", "-to", "bob@example.test",
                                                   "-subject", "...", people.bob.certificate], input: signed)
            let rendered = people.renderer.render(MessageParser.parse(encrypted))
            #expect(rendered.security.map(\.kind) == [.smimeEnveloped, .signedMIME])
            #expect(rendered.security[0].signedInside)
            #expect(rendered.security[1].signatures.first?.status == .good && rendered.security[1].signatures.first?.matchesFrom == true)
            #expect(rendered.security[1].coversWholeMessage)
            #expect(rendered.bodyText.contains("Signed and sealed."))
            #expect(rendered.securityLines.contains("▌   The decrypted content is signed: its signature follows."))
        }
    }

    /// A key with a passphrase is refused with a reason; OpenSSL is never let ask for
    /// it on the terminal.
    @Test func passphraseProtectedKeyIsRefused() throws {
        try Self.withPeople { people in
            let locked = people.ca.folder + "/bob-locked.key"
            try people.ca.openssl(["pkey", "-in", people.bob.key, "-out", locked, "-aes256", "-passout", "pass:secret"])
            let encrypted = try people.ca.openssl(["cms", "-encrypt", "-text", "-aes256", people.bob.certificate], input: Array("Locked.\n".utf8))
            let engine = SMIMEEngine(identities: [.init(keyPath: locked, certificatePath: people.bob.certificate)], caFile: people.ca.caCertificate)
            let outcome = engine.decrypt(Array(MessageParser.parse(encrypted).body.decodedBody()))
            #expect(outcome.content == nil)
            #expect(outcome.failure?.contains("PEM without a passphrase") == true, "\(outcome.failure ?? "")")
        }
    }
}
