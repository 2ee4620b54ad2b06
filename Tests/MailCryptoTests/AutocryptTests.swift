import Foundation
import MailCrypto
import MailMessage
import TestSupport
import Testing

/// Autocrypt Level 1 through the real gpg: the header Merle writes, and encryption to a
/// key that came in an Autocrypt header and is not in the user's keyring.
@Suite struct AutocryptTests {
    static let alice = Address(name: "Alice", mailbox: "alice@example.test")
    static let bob = Address(name: "Bob", mailbox: "bob@example.test")

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func headerParsesBackAndItsKeyImportsWithGpg() throws {
        let aliceHome = try GnuPGHome()
        defer { aliceHome.close() }
        let bobHome = try GnuPGHome()
        defer { bobHome.close() }
        let fingerprint = try aliceHome.makeKey("Alice <alice@example.test>")
        let keyData = try MailCryptography(gnupgHome: aliceHome.path).autocryptKeyData(for: "alice@example.test").get()

        var draft = Draft(from: Self.alice, to: [Self.bob], subject: "Hi", body: "Hello\n")
        draft.autocrypt = AutocryptHeader(address: "alice@example.test", preferEncrypt: true, keyData: keyData)
        let built = try MessageBuilder(uniqueToken: "ac1").build(draft)
        let raw = Self.text(built.bytes)
        #expect(raw.contains("Autocrypt: addr=alice@example.test; prefer-encrypt=mutual; keydata=\r\n "))
        let headerBlock = raw.components(separatedBy: "\r\n\r\n")[0]
        #expect(headerBlock.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 }, "folded under 78 characters")

        let parsed = try #require(AutocryptObservation.of(MessageParser.parse(built.bytes)))
        #expect(parsed.address == "alice@example.test")
        let header = try #require(parsed.header)
        #expect(header.preferEncrypt)
        #expect(header.keyData == keyData)

        // Bob's gpg reads the key: Alice's primary key, her address, an encryption subkey.
        let file = bobHome.path + "/alice.gpg"
        try Data(header.keyData).write(to: URL(fileURLWithPath: file))
        try bobHome.gpg(["--import", file])
        let listing = Self.text(try bobHome.gpg(["--with-colons", "--list-keys", "alice@example.test"]))
        #expect(listing.contains(fingerprint))
        #expect(listing.split(separator: "\n").contains { $0.hasPrefix("sub:") && $0.split(separator: ":", omittingEmptySubsequences: false)[11].contains("e") })
        #expect(listing.contains("<alice@example.test>"))
    }

    @Test func noSecretKeyGivesAReasonNotAHeader() throws {
        let home = try GnuPGHome()
        defer { home.close() }
        let result = MailCryptography(gnupgHome: home.path).autocryptKeyData(for: "nobody@example.test")
        guard case let .failure(missing) = result else { Issue.record("a key for an address without one"); return }
        #expect(missing.reason.contains("no secret key for nobody@example.test"))
    }

    @Test func encryptsToAnAutocryptKeyTheKeyringDoesNotHave() throws {
        let aliceHome = try GnuPGHome()
        defer { aliceHome.close() }
        let bobHome = try GnuPGHome()
        defer { bobHome.close() }
        let peerHome = try GnuPGHome()
        defer { peerHome.close() }
        try aliceHome.makeKey("Alice <alice@example.test>")
        try bobHome.makeKey("Bob <bob@example.test>")
        try bobHome.importKey(try aliceHome.exportPublic("Alice <alice@example.test>"))
        // Bob's key as his Autocrypt header carries it.
        let bobKey = try MailCryptography(gnupgHome: bobHome.path).autocryptKeyData(for: "bob@example.test").get()

        var plain = MailCryptography(gnupgHome: aliceHome.path)
        #expect(plain.recipientsLackingKeys(["bob@example.test"], format: .openPGP).map(\.address) == ["bob@example.test"])
        plain.pgp.autocryptPeers = AutocryptPeerKeys(home: peerHome.path) { $0 == "bob@example.test" ? bobKey : nil }
        let sealer = plain
        #expect(sealer.recipientsLackingKeys(["bob@example.test", "alice@example.test"], format: .openPGP).isEmpty)

        let draft = Draft(from: Self.alice, to: [Self.bob], subject: "Secret", body: "The plans are ready.\n")
        let built = try MessageBuilder(uniqueToken: "ac2").build(draft, security: MessageSecurity(sign: true, encrypt: true), sealer: sealer)
        let raw = Self.text(built.bytes)
        #expect(raw.contains("multipart/encrypted"))
        #expect(!raw.contains("The plans are ready"))
        let begin = try #require(raw.range(of: "-----BEGIN PGP MESSAGE-----"))
        let end = try #require(raw.range(of: "-----END PGP MESSAGE-----"))
        let armored = Array(raw[begin.lowerBound..<end.upperBound].utf8) + [0x0A]
        // Bob decrypts it with his own key; Alice can too (her own key is a recipient).
        #expect(Self.text(try bobHome.gpg(["--decrypt"], input: armored)).contains("The plans are ready."))
        #expect(Self.text(try aliceHome.gpg(["--decrypt"], input: armored)).contains("The plans are ready."))
        // Alice's own keyring was not written to.
        #expect(throws: (any Error).self) { try aliceHome.gpg(["--list-keys", "bob@example.test"]) }
    }

    @Test func garbageOrForeignAutocryptKeyIsRefusedWithAReason() throws {
        let aliceHome = try GnuPGHome()
        defer { aliceHome.close() }
        let otherHome = try GnuPGHome()
        defer { otherHome.close() }
        let peerHome = try GnuPGHome()
        defer { peerHome.close() }
        try aliceHome.makeKey("Alice <alice@example.test>")
        try otherHome.makeKey("Mallory <mallory@example.test>")
        let mallorysKey = try MailCryptography(gnupgHome: otherHome.path).autocryptKeyData(for: "mallory@example.test").get()
        var sealer = MailCryptography(gnupgHome: aliceHome.path)
        sealer.pgp.autocryptPeers = AutocryptPeerKeys(home: peerHome.path) { address in
            address == "bob@example.test" ? [0x99, 0x00, 0x01, 0xFF, 0x13, 0x37] : address == "carol@example.test" ? mallorysKey : nil
        }
        let missing = sealer.recipientsLackingKeys(["bob@example.test", "carol@example.test"], format: .openPGP)
        #expect(missing.map(\.address) == ["bob@example.test", "carol@example.test"])
        #expect(missing[0].reason.contains("Autocrypt"))
        // A key whose user ID is another address is not carol's key.
        #expect(missing[1].reason.contains("not an exact match"))
        // Asked to encrypt anyway: refused, never sent in the clear.
        let draft = Draft(from: Self.alice, to: [Address(name: nil, mailbox: "bob@example.test")], subject: "S", body: "B\n")
        #expect(throws: SealingError.self) {
            try MessageBuilder().build(draft, security: MessageSecurity(encrypt: true), sealer: sealer)
        }
    }
}

/// The Setup Code: 36 digits from the secure generator, 9 blocks of 4, typed leniently.
@Suite struct AutocryptSetupCodeTests {
    @Test func randomCodesAreThirtySixDigitsInNineBlocks() {
        let codes = (0..<50).map { _ in AutocryptSetupCode.random() }
        for code in codes {
            #expect(code.digits.count == 36 && code.digits.allSatisfy { $0.isASCII && $0.isNumber })
            #expect(code.formatted.range(of: #"^[0-9]{4}(-[0-9]{4}){8}$"#, options: .regularExpression) != nil)
            #expect(code.begin == String(code.digits.prefix(2)))
        }
        #expect(Set(codes).count == codes.count, "no two alike")
        // Every digit turns up (1,800 draws): the generator is not stuck on a few.
        #expect(Set(codes.flatMap(\.digits)).count == 10)
    }

    @Test func typedCodesAreReadWithOrWithoutDashes() throws {
        let code = try #require(AutocryptSetupCode(typed: "1234-5678-9012-3456-7890-1234-5678-9012-3456"))
        #expect(code.digits == "123456789012345678901234567890123456")
        #expect(AutocryptSetupCode(typed: " 1234 5678 9012 3456 7890 1234 5678 9012 3456\n") == code)
        #expect(AutocryptSetupCode(typed: "1234-5678") == nil)
        #expect(AutocryptSetupCode(typed: "1234-5678-9012-3456-7890-1234-5678-9012-34567") == nil)
        #expect(AutocryptSetupCode(typed: "1234-5678-9012-3456-7890-1234-5678-9012-345x") == nil)
        #expect(AutocryptSetupCode(typed: "١٢٣٤-5678-9012-3456-7890-1234-5678-9012-3456") == nil, "ASCII digits only")
    }

    @Test func aPayloadOpensOnlyWithItsCode() throws {
        let home = try GnuPGHome()
        defer { home.close() }
        let other = try GnuPGHome()
        defer { other.close() }
        let fingerprint = try home.makeKey("Ada <ada@example.test>")
        let engine = PGPEngine(homeDirectory: home.path)
        let code = AutocryptSetupCode.random()
        let payload = try engine.autocryptSetupPayload(for: "ada@example.test", preferEncrypt: false, code: code)
        #expect(AutocryptSetupMessage.passphraseBegin(payload) == code.begin)
        let target = PGPEngine(homeDirectory: other.path)
        #expect(throws: SealingError.self) { try target.importAutocryptSetup(payload, code: AutocryptSetupCode.random()) }
        #expect(throws: (any Error).self) { try other.gpg(["--list-secret-keys", fingerprint]) }
        let imported = try target.importAutocryptSetup(payload, code: code)
        #expect(imported.fingerprints == [fingerprint])
        #expect(!imported.preferEncrypt)
        #expect(throws: SealingError.self) { try target.importAutocryptSetup(Array("garbage".utf8), code: code) }
        // No key for the address: a reason, no payload.
        #expect(throws: SealingError.self) { try engine.autocryptSetupPayload(for: "nobody@example.test", preferEncrypt: false, code: code) }
    }
}
