import Foundation
import MailCrypto
import MailMessage
import TestSupport
import Testing

/// PGP/MIME written by Merle (RFC 3156), checked by the real gpg and by Merle's reader.
@Suite struct PGPMIMEWritingTests {
    static let alice = Address(name: "Alice", mailbox: "alice@example.test")
    static let bob = Address(name: "Bob", mailbox: "bob@example.test")

    /// Alice's home (her secret key, Bob's public key) and Bob's (his secret key, Alice's public key).
    static func withHomes(_ body: (_ alice: GnuPGHome, _ bob: GnuPGHome) throws -> Void) throws {
        let aliceHome = try GnuPGHome()
        defer { aliceHome.close() }
        let bobHome = try GnuPGHome()
        defer { bobHome.close() }
        try aliceHome.makeKey("Alice <alice@example.test>")
        try bobHome.makeKey("Bob <bob@example.test>")
        try aliceHome.importKey(try bobHome.exportPublic("Bob <bob@example.test>"))
        try bobHome.importKey(try aliceHome.exportPublic("Alice <alice@example.test>"))
        try body(aliceHome, bobHome)
    }

    static func draft(subject: String = "Quarterly figures", body: String = "Hello Bob,\nthe figures are in.\n") -> Draft {
        Draft(from: alice, to: [bob], subject: subject, body: body,
              attachments: [Draft.Attachment(filename: "figures.csv", mediaType: "text/csv", data: Array("a,b\n1,2\n".utf8))])
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The armored block in a message.
    static func armored(_ raw: [UInt8], kind: String) throws -> [UInt8] {
        let text = Self.text(raw)
        let begin = try #require(text.range(of: "-----BEGIN PGP \(kind)-----"))
        let end = try #require(text.range(of: "-----END PGP \(kind)-----"))
        return Array(text[begin.lowerBound..<end.upperBound].utf8) + [0x0A]
    }

    @Test func signedMessageVerifiesWithGpgAndInTheReader() throws {
        try Self.withHomes { aliceHome, bobHome in
            let sealer = MailCryptography(gnupgHome: aliceHome.path)
            let built = try MessageBuilder(uniqueToken: "tok1").build(Self.draft(), security: MessageSecurity(sign: true), sealer: sealer)
            let raw = Self.text(built.bytes)
            #expect(raw.contains("Content-Type: multipart/signed; micalg=\"pgp-sha256\"; protocol=\"application/pgp-signature\""))
            #expect(raw.contains("Subject: Quarterly figures\r\n"))
            #expect(!raw.contains("\n\n") && !raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF everywhere")

            // The signed part, exactly as RFC 3156 section 5 delimits it, checked by gpg.
            let boundary = "--=_merle_signed_tok1"
            let start = try #require(raw.range(of: boundary + "\r\n")).upperBound
            let end = try #require(raw.range(of: "\r\n" + boundary + "\r\n", range: start..<raw.endIndex)).lowerBound
            let signed = Array(raw[start..<end].utf8)
            let dataFile = bobHome.path + "/signed.eml"
            let signatureFile = bobHome.path + "/signature.asc"
            try Data(signed).write(to: URL(fileURLWithPath: dataFile))
            try Data(try Self.armored(built.bytes, kind: "SIGNATURE")).write(to: URL(fileURLWithPath: signatureFile))
            try bobHome.gpg(["--verify", signatureFile, dataFile])
            // A changed byte does not verify.
            try Data(Array(Self.text(signed).replacingOccurrences(of: "figures are", with: "figures were").utf8)).write(to: URL(fileURLWithPath: dataFile))
            #expect(throws: GnuPGHome.Failure.self) { try bobHome.gpg(["--verify", signatureFile, dataFile]) }

            // Merle's reader, in Bob's home.
            let rendered = MessageRenderer(cryptography: MailCryptography(gnupgHome: bobHome.path)).render(MessageParser.parse(built.bytes))
            let report = try #require(rendered.security.first)
            #expect(report.kind == .signedMIME && report.coversWholeMessage)
            #expect(report.signatures.first?.status == .good)
            #expect(report.signatures.first?.matchesFrom == true)
            #expect(rendered.bodyText.contains("the figures are in."))
            #expect(rendered.attachments.contains { $0.filename == "figures.csv" })
        }
    }

    @Test func encryptedMessageDecryptsWithGpgForRecipientAndSender() throws {
        try Self.withHomes { aliceHome, bobHome in
            let sealer = MailCryptography(gnupgHome: aliceHome.path)
            let built = try MessageBuilder(uniqueToken: "tok2").build(Self.draft(subject: "Secret plans"),
                                                                       security: MessageSecurity(sign: true, encrypt: true), sealer: sealer)
            let raw = Self.text(built.bytes)
            #expect(raw.contains("Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\""))
            #expect(raw.contains("Subject: ...\r\n"))
            #expect(!raw.contains("Secret plans") && !raw.contains("figures are in") && !raw.contains("figures.csv"))
            #expect(raw.contains("Content-Type: application/pgp-encrypted\r\nContent-Description: PGP/MIME version identification\r\n\r\nVersion: 1\r\n"))
            #expect(built.sentCopy == nil)

            // gpg in Bob's home decrypts and checks Alice's signature inside.
            let cipher = try Self.armored(built.bytes, kind: "MESSAGE")
            let plain = Self.text(try bobHome.gpg(["--decrypt"], input: cipher))
            #expect(plain.contains("protected-headers=\"v1\""))
            #expect(plain.contains("Subject: Secret plans\r\n"))
            #expect(plain.contains("From: Alice <alice@example.test>\r\n"))
            #expect(plain.contains("figures.csv"))
            let statusFile = bobHome.path + "/status"
            try bobHome.gpg(["--status-file", statusFile, "--decrypt"], input: cipher)
            #expect(try String(contentsOfFile: statusFile, encoding: .utf8).contains("[GNUPG:] GOODSIG"))
            // The Sent copy: Alice can read what she sent, with her own key.
            #expect(Self.text(try aliceHome.gpg(["--decrypt"], input: cipher)).contains("Subject: Secret plans"))

            // Merle's reader shows the protected Subject and the signature inside.
            let rendered = MessageRenderer(cryptography: MailCryptography(gnupgHome: bobHome.path)).render(MessageParser.parse(built.bytes))
            #expect(rendered.headerLines.contains("Subject: Secret plans"))
            let report = try #require(rendered.security.first)
            #expect(report.encrypted && report.protectedSubject)
            #expect(report.signatures.first?.status == .good)
            #expect(rendered.bodyText.contains("the figures are in."))
        }
    }

    @Test func encryptedOnlyIsNotSigned() throws {
        try Self.withHomes { aliceHome, bobHome in
            let built = try MessageBuilder().build(Self.draft(), security: MessageSecurity(encrypt: true),
                                                   sealer: MailCryptography(gnupgHome: aliceHome.path))
            let statusFile = bobHome.path + "/status"
            let plain = try bobHome.gpg(["--status-file", statusFile, "--decrypt"], input: try Self.armored(built.bytes, kind: "MESSAGE"))
            #expect(Self.text(plain).contains("Subject: Quarterly figures"))
            #expect(!(try String(contentsOfFile: statusFile, encoding: .utf8)).contains("SIG"))
        }
    }

    @Test func recipientsWithoutUsableKeysAreNamedAndNothingIsBuilt() throws {
        try Self.withHomes { aliceHome, _ in
            try aliceHome.makeKey("Old <old@example.test>", expire: "seconds=1")
            sleep(2)
            var draft = Self.draft()
            draft.cc = [Address(name: "Carol", mailbox: "carol@example.test"), Address(name: "Old", mailbox: "old@example.test")]
            let sealer = MailCryptography(gnupgHome: aliceHome.path)
            do {
                _ = try MessageBuilder().build(draft, security: MessageSecurity(encrypt: true), sealer: sealer)
                Issue.record("built without keys")
            } catch let SealingError.recipientsLackKeys(missing) {
                #expect(missing.map(\.address) == ["carol@example.test", "old@example.test"])
                #expect(missing[0].reason.contains("no key"))
                #expect(missing[1].reason.contains("expired"))
                #expect(SealingError.recipientsLackKeys(missing).description.contains("carol@example.test (no key for carol@example.test)"))
            }
            // Signing with no secret key for the sender is refused too.
            var stranger = Self.draft()
            stranger.from = Address(name: "Mallory", mailbox: "mallory@example.test")
            #expect(throws: SealingError.self) {
                try MessageBuilder().build(stranger, security: MessageSecurity(sign: true), sealer: sealer)
            }
        }
    }

    @Test func bccWithEncryptionIsRefused() throws {
        try Self.withHomes { aliceHome, _ in
            var draft = Self.draft()
            draft.bcc = [Address(name: nil, mailbox: "bob@example.test")]
            #expect(throws: SealingError.blindCopyWithEncryption(["bob@example.test"])) {
                try MessageBuilder().build(draft, security: MessageSecurity(encrypt: true), sealer: MailCryptography(gnupgHome: aliceHome.path))
            }
            // Signed only, the Sent copy keeps its Bcc and is signed as well.
            let signed = try MessageBuilder().build(draft, security: MessageSecurity(sign: true), sealer: MailCryptography(gnupgHome: aliceHome.path))
            #expect(!Self.text(signed.bytes).contains("Bcc:"))
            let copy = try #require(signed.sentCopy)
            #expect(Self.text(copy).contains("Bcc: bob@example.test") && Self.text(copy).contains("multipart/signed"))
        }
    }

    /// A draft of a message to be encrypted is kept encrypted to the writer's own key,
    /// Bcc and Subject inside only, and reopens whole.
    @Test func draftIsEncryptedToTheWriterAndReopens() throws {
        try Self.withHomes { aliceHome, bobHome in
            var draft = Self.draft(subject: "Draft plans")
            draft.bcc = [Address(name: nil, mailbox: "carol@example.test")]
            draft.inReplyTo = ["parent@example.test"]
            let sealer = MailCryptography(gnupgHome: aliceHome.path)
            let bytes = try MessageBuilder().buildDraft(draft, encryptingWith: sealer)
            let raw = Self.text(bytes)
            #expect(raw.contains("Subject: ...\r\n") && !raw.contains("Draft plans") && !raw.contains("carol@") && !raw.contains("figures"))
            // Only Alice can read it: Bob's key was not used.
            #expect(throws: GnuPGHome.Failure.self) { try bobHome.gpg(["--decrypt"], input: try Self.armored(bytes, kind: "MESSAGE")) }
            let reopened = try Draft.reopening(MessageParser.parse(bytes), cryptography: sealer)
            #expect(reopened.subject == "Draft plans")
            #expect(reopened.to.map(\.mailbox) == ["bob@example.test"] && reopened.bcc.map(\.mailbox) == ["carol@example.test"])
            #expect(reopened.inReplyTo == ["parent@example.test"])
            #expect(reopened.body == draft.body)
            #expect(reopened.attachments.map(\.filename) == ["figures.csv"])
            // Without the engine it is refused, not reopened empty.
            #expect(throws: SealingError.self) { try Draft.reopening(MessageParser.parse(bytes), cryptography: nil) }
        }
    }
}
