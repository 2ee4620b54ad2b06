import Foundation
@testable import MailCrypto
import TestSupport
import Testing

/// The Autocrypt header's key is trimmed to the address's user ID and one encryption
/// subkey (Level 1 section 2.1.1), checked by the real gpg; garbage is left alone.
@Suite struct OpenPGPKeyTrimmerTests {
    @Test func aKeyWithSeveralUserIDsAndSubkeysSendsOneOfEach() throws {
        let home = try GnuPGHome()
        defer { home.close() }
        let reader = try GnuPGHome()
        defer { reader.close() }
        let fingerprint = try home.makeKey("Alice <alice@example.test>")
        try home.gpg(["--quick-add-uid", fingerprint, "Alice at Work <alice@work.test>"])
        try home.gpg(["--quick-add-key", fingerprint, "ed25519", "sign"])
        try home.gpg(["--quick-add-key", fingerprint, "cv25519", "encr"])
        let full = Self.listing(try home.gpg(["--with-colons", "--list-keys", fingerprint]))
        #expect(full.filter { $0.hasPrefix("uid:") }.count == 2 && full.filter { $0.hasPrefix("sub:") }.count == 3)

        for address in ["alice@example.test", "alice@work.test"] {
            let key = try MailCryptography(gnupgHome: home.path).autocryptKeyData(for: address).get()
            let file = reader.path + "/\(address).gpg"
            try Data(key).write(to: URL(fileURLWithPath: file))
            try reader.gpg(["--import", file])
            let listing = Self.listing(try reader.gpg(["--with-colons", "--list-keys", fingerprint]))
            let uids = listing.filter { $0.hasPrefix("uid:") }
            let subkeys = listing.filter { $0.hasPrefix("sub:") }
            #expect(uids.count == 1 && uids[0].contains("<\(address)>"), "\(listing)")
            #expect(subkeys.count == 1 && subkeys[0].split(separator: ":", omittingEmptySubsequences: false)[11] == "e", "\(listing)")
            // gpg can encrypt to what was sent.
            try reader.gpg(["--encrypt", "--recipient", fingerprint, "--output", reader.path + "/out-\(address).gpg", file])
            try reader.gpg(["--delete-keys", fingerprint])
        }
    }

    @Test func garbageAndCutPacketsAreLeftAlone() {
        #expect(OpenPGPKeyTrimmer.trim([], address: "a@example.test", subkeyIndex: 0) == nil)
        #expect(OpenPGPKeyTrimmer.trim([0x00, 0x01, 0x02], address: "a@example.test", subkeyIndex: 0) == nil)
        #expect(OpenPGPKeyTrimmer.trim([0x99, 0xFF, 0xFF, 0x04], address: "a@example.test", subkeyIndex: 0) == nil, "cut short")
        #expect(OpenPGPKeyTrimmer.trim([0xC6, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], address: "a@example.test", subkeyIndex: 0) == nil)
        // A public key packet, a user ID of another address: nothing to keep.
        let otherUID: [UInt8] = [0x98, 0x02, 0x04, 0x00, 0xB4, 0x03] + Array("b@x".utf8)
        #expect(OpenPGPKeyTrimmer.trim(otherUID, address: "a@example.test", subkeyIndex: 0) == nil)
    }

    static func listing(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
