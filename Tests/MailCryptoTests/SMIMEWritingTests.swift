import Foundation
import MailCrypto
import MailMessage
import TestSupport
import Testing

/// S/MIME written by Merle (RFC 8551) through OpenSSL's CMS, checked by `openssl cms`,
/// by gpgsm's trust-free cousin `openssl smime`, and by Merle's own reader.
@Suite struct SMIMEWritingTests {
    static let alice = Address(name: "Alice", mailbox: "alice@example.test")
    static let bob = Address(name: "Bob", mailbox: "bob@example.test")

    /// Alice's engine: her key and certificate, Bob's certificate in her folder.
    static func alicesEngine(_ people: SMIMETests.People) throws -> MailCryptography {
        let folder = people.ca.folder + "/others"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? FileManager.default.copyItem(atPath: people.bob.certificate, toPath: folder + "/bob.pem")
        return MailCryptography(smime: SMIMEEngine(identities: [.init(keyPath: people.alice.key, certificatePath: people.alice.certificate)],
                                                   caFile: people.ca.caCertificate, trustsSystemCAs: false, certificatesFolder: folder))
    }

    static func draft(subject: String) -> Draft {
        Draft(from: alice, to: [bob], subject: subject, body: "Hello Bob,\nthe figures are in.\n",
              attachments: [Draft.Attachment(filename: "figures.csv", mediaType: "text/csv", data: Array("a,b\n1,2\n".utf8))])
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func signedMessageVerifiesWithOpensslAndInTheReader() throws {
        try SMIMETests.withPeople { people in
            let built = try MessageBuilder().build(Self.draft(subject: "Signed figures"), security: MessageSecurity(sign: true, format: .smime),
                                                   sealer: try Self.alicesEngine(people))
            let raw = Self.text(built.bytes)
            #expect(raw.contains("Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=\"sha-256\""))
            let content = Self.text(try people.ca.openssl(["cms", "-verify", "-CAfile", people.ca.caCertificate], input: built.bytes))
            #expect(content.contains("figures.csv") && content.contains("the figures are in."))
            #expect(Self.text(try people.ca.openssl(["smime", "-verify", "-CAfile", people.ca.caCertificate], input: built.bytes)).contains("figures.csv"))
            // One changed byte and OpenSSL refuses it.
            let forged = Array(raw.replacingOccurrences(of: "figures are in", with: "figures were in").utf8)
            #expect(throws: GnuPGHome.Failure.self) { try people.ca.openssl(["cms", "-verify", "-CAfile", people.ca.caCertificate], input: forged) }

            let rendered = people.renderer.render(MessageParser.parse(built.bytes))
            let report = try #require(rendered.security.first)
            #expect(report.kind == .signedMIME && report.coversWholeMessage)
            #expect(report.signatures.first?.status == .good && report.signatures.first?.matchesFrom == true)
        }
    }

    @Test func signedAndEncryptedDecryptsForRecipientAndSender() throws {
        try SMIMETests.withPeople { people in
            let built = try MessageBuilder().build(Self.draft(subject: "Secret figures"),
                                                   security: MessageSecurity(sign: true, encrypt: true, format: .smime),
                                                   sealer: try Self.alicesEngine(people))
            let raw = Self.text(built.bytes)
            #expect(raw.contains("Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=\"smime.p7m\""))
            #expect(raw.contains("Subject: ...\r\n") && !raw.contains("Secret figures") && !raw.contains("figures are in"))

            // Bob, with openssl: the signed entity inside, and Alice's signature on it.
            let inner = try people.ca.openssl(["cms", "-decrypt", "-recip", people.bob.certificate, "-inkey", people.bob.key], input: built.bytes)
            #expect(Self.text(inner).contains("Subject: Secret figures") && Self.text(inner).contains("multipart/signed"))
            #expect(Self.text(try people.ca.openssl(["cms", "-verify", "-CAfile", people.ca.caCertificate], input: inner)).contains("the figures are in."))
            // Alice's Sent copy opens with her own key.
            let mine = try people.ca.openssl(["cms", "-decrypt", "-recip", people.alice.certificate, "-inkey", people.alice.key], input: built.bytes)
            #expect(Self.text(mine).contains("Subject: Secret figures"))

            // Merle's reader, as Bob.
            let rendered = people.renderer.render(MessageParser.parse(built.bytes))
            #expect(rendered.security.map(\.kind) == [.smimeEnveloped, .signedMIME])
            #expect(rendered.security.last?.signatures.first?.status == .good)
            #expect(rendered.bodyText.contains("the figures are in."))
        }
    }

    @Test func recipientsWithoutCertificatesAreNamed() throws {
        try SMIMETests.withPeople { people in
            var draft = Self.draft(subject: "S")
            draft.cc = [Address(name: nil, mailbox: "carol@example.test")]
            do {
                _ = try MessageBuilder().build(draft, security: MessageSecurity(encrypt: true, format: .smime), sealer: try Self.alicesEngine(people))
                Issue.record("built without a certificate for Carol")
            } catch let SealingError.recipientsLackKeys(missing) {
                #expect(missing.map(\.address) == ["carol@example.test"])
                #expect(missing.first?.reason.contains("no S/MIME certificate for carol@example.test in ") == true)
            }
            // An expired certificate is named as such.
            let old = try people.ca.issue("Old", address: "old@example.test", days: -1)
            try FileManager.default.copyItem(atPath: old.certificate, toPath: people.ca.folder + "/others/old.pem")
            draft.cc = [Address(name: nil, mailbox: "old@example.test")]
            #expect { try MessageBuilder().build(draft, security: MessageSecurity(encrypt: true, format: .smime), sealer: try Self.alicesEngine(people)) }
                throws: { "\($0)".contains("old@example.test (its S/MIME certificate has expired)") }
        }
    }

    /// gpgsm, GnuPG's S/MIME tool, verifies Alice's signature and decrypts what Merle's
    /// engine encrypted to its key.
    @Test func gpgsmVerifiesAndDecrypts() throws {
        try SMIMETests.withPeople { people in
            let home = try GnuPGHome()
            defer { home.close() }
            try home.gpgsmTrust(people.ca.caCertificate)
            let request = people.ca.folder + "/gina.csr"
            try Data(try home.gpgsmRequest("Gina", address: "gina@example.test")).write(to: URL(fileURLWithPath: request))
            let gina = try people.ca.sign(request: request, address: "gina@example.test")
            try home.gpgsm(["--import", gina])
            let engine = try Self.alicesEngine(people)
            try FileManager.default.copyItem(atPath: gina, toPath: people.ca.folder + "/others/gina.pem")
            var draft = Self.draft(subject: "For Gina")
            draft.to = [Address(name: "Gina", mailbox: "gina@example.test")]

            let signed = Self.text(try MessageBuilder(uniqueToken: "tok3").build(draft, security: MessageSecurity(sign: true, format: .smime),
                                                                                  sealer: engine).bytes)
            let boundary = "--=_merle_signed_tok3"
            let start = try #require(signed.range(of: boundary + "\r\n")).upperBound
            let end = try #require(signed.range(of: "\r\n" + boundary + "\r\n", range: start..<signed.endIndex)).lowerBound
            let signatureFile = home.path + "/smime.p7s"
            try Data(MessageParser.parse(Array(signed.utf8)).body.children[1].decodedBody()).write(to: URL(fileURLWithPath: signatureFile))
            try home.gpgsm(["--verify", signatureFile], input: Array(signed[start..<end].utf8))

            // gpgsm 2.2 exits with an error for a message that also has a recipient whose key it
            // lacks (the sender's own copy), even after its own key opened it: the engine is
            // asked directly here, for Gina alone.
            let der = try engine.encrypt(Array("Content-Type: text/plain\r\n\r\nFor Gina only.\r\n".utf8), to: ["gina@example.test"],
                                         signer: nil, format: .smime)
            #expect(Self.text(try home.gpgsm(["--decrypt"], input: der)).contains("For Gina only."))
        }
    }

    /// An S/MIME draft is kept enveloped to the writer's own certificate and reopens.
    @Test func draftIsEncryptedToTheWriterAndReopens() throws {
        try SMIMETests.withPeople { people in
            var draft = Self.draft(subject: "Draft figures")
            draft.bcc = [Address(name: nil, mailbox: "carol@example.test")]
            let engine = try Self.alicesEngine(people)
            let bytes = try MessageBuilder().buildDraft(draft, encryptingWith: engine, format: .smime)
            let raw = Self.text(bytes)
            #expect(raw.contains("smime-type=enveloped-data") && !raw.contains("Draft figures") && !raw.contains("carol@"))
            let reopened = try Draft.reopening(MessageParser.parse(bytes), cryptography: engine)
            #expect(reopened.subject == "Draft figures" && reopened.bcc.map(\.mailbox) == ["carol@example.test"])
            #expect(reopened.body == draft.body && reopened.attachments.map(\.filename) == ["figures.csv"])
        }
    }
}
