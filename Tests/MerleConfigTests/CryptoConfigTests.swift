import Testing
@testable import MerleConfig

/// An account's `sign` and `encrypt`: what its mail is signed and encrypted with unless
/// the user says otherwise.
@Suite struct CryptoConfigTests {
    func parse(_ lines: String) throws -> AccountConfiguration {
        try #require(try ConfigLoader.parse("""
            [[account]]
            name = "m"
            email = "m@example.test"
            \(lines)
            [account.imap]
            host = "imap.example.test"
            user = "m"
            """).accounts.first)
    }

    @Test func offByDefaultAndAsWritten() throws {
        let plain = try parse("")
        #expect(!plain.sign && plain.encrypt == .never)
        let both = try parse("sign = true\nencrypt = \"opportunistic\"")
        #expect(both.sign && both.encrypt == .opportunistic)
        #expect(try parse("encrypt = \"always\"").encrypt == .always)
        #expect(plain.crypto == .openPGP)
        #expect(try parse("crypto = \"smime\"").crypto == .smime)
    }

    @Test func anUnknownPolicySaysWhatToWrite() {
        #expect { _ = try parse("encrypt = \"yes\"") } throws: {
            "\($0)".contains("\"yes\" is not an encryption policy") && "\($0)".contains("\"opportunistic\"")
        }
        #expect { _ = try parse("sign = \"yes\"") } throws: { "\($0)".contains("sign") }
        #expect { _ = try parse("crypto = \"x509\"") } throws: { "\($0)".contains("\"x509\" is neither pgp nor smime") }
    }

    /// `autocrypt`: unset means "when there is a key" (decided where keys are known);
    /// `autocrypt_prefer_encrypt` is off unless written.
    @Test func autocryptKeys() throws {
        let plain = try parse("")
        #expect(plain.autocrypt == nil && !plain.autocryptPreferEncrypt)
        #expect(try parse("autocrypt = true").autocrypt == true)
        #expect(try parse("autocrypt = false").autocrypt == false)
        #expect(try parse("autocrypt_prefer_encrypt = true").autocryptPreferEncrypt)
        #expect { _ = try parse("autocrypt = \"yes\"") } throws: { "\($0)".contains("autocrypt") }
        #expect { _ = try parse("autocrypt_prefer = true") } throws: { "\($0)".contains("autocrypt_prefer") }
    }
}
