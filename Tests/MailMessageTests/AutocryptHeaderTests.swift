import Foundation
import MailMessage
import Testing

/// The Autocrypt header (Level 1 section 2.1): parsed leniently where the spec allows,
/// refused where it says the header is invalid, written folded as its example shows.
@Suite struct AutocryptHeaderTests {
    static let key: [UInt8] = [0x99, 0x00, 0x0D] + [UInt8](repeating: 0x42, count: 200)

    @Test func foldedKeyDataAndAttributeOrderDoNotMatter() throws {
        let written = AutocryptHeader(address: "Ada@Example.test", preferEncrypt: true, keyData: Self.key).field
        #expect(written.hasPrefix("Autocrypt: addr=ada@example.test; prefer-encrypt=mutual; keydata=\r\n "))
        #expect(written.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        let message = MessageParser.parse(Array(("From: ada@example.test\r\n" + written + "\r\nHi\r\n").utf8))
        let value = try #require(message.header("Autocrypt")).value
        #expect(try AutocryptHeader.parse(value).get() == AutocryptHeader(address: "ada@example.test", preferEncrypt: true, keyData: Self.key))
        let reordered = "keydata=\(Data(Self.key).base64EncodedString()); _x-note=hi; addr=ada@example.test"
        let parsed = try AutocryptHeader.parse(reordered).get()
        #expect(parsed.address == "ada@example.test" && !parsed.preferEncrypt)
    }

    @Test func preferEncryptOtherThanMutualIsNoPreference() throws {
        let base = "addr=a@example.test; keydata=\(Data(Self.key).base64EncodedString())"
        #expect(try AutocryptHeader.parse(base + "; prefer-encrypt=nopreference").get().preferEncrypt == false)
        #expect(try AutocryptHeader.parse(base + "; prefer-encrypt=always").get().preferEncrypt == false)
        #expect(try AutocryptHeader.parse(base + "; prefer-encrypt=MUTUAL").get().preferEncrypt == true)
    }

    @Test func invalidHeadersSayWhy() {
        let data = Data(Self.key).base64EncodedString()
        let cases: [(String, AutocryptHeader.Rejection)] = [
            ("keydata=\(data)", .missingAddress),
            ("addr=a@example.test", .missingKeyData),
            ("addr=a@example.test; type=1; keydata=\(data)", .unknownCriticalAttribute("type")),
            ("addr=a@example.test; addr=b@example.test; keydata=\(data)", .repeatedAttribute("addr")),
            ("addr=a@example.test; keydata=@@@", .keyDataNotBase64),
            ("addr=a@example.test; keydata=\(Data([0xB4, 0x01]).base64EncodedString())", .keyDataNotAPublicKey),
            ("addr=a@example.test; junk; keydata=\(data)", .malformedAttribute),
            (String(repeating: "A", count: AutocryptHeader.maximumValueBytes + 1), .tooLong),
        ]
        for (value, rejection) in cases {
            guard case let .failure(found) = AutocryptHeader.parse(value) else {
                Issue.record("accepted: \(value.prefix(80))")
                continue
            }
            #expect(found == rejection, "\(value.prefix(80))")
        }
    }

    @Test func theBuilderWritesItOnlyForTheFromAddress() throws {
        var draft = Draft(from: Address(name: nil, mailbox: "ada@example.test"), to: [Address(name: nil, mailbox: "bo@example.test")],
                          subject: "s", body: "b")
        draft.autocrypt = AutocryptHeader(address: "other@example.test", preferEncrypt: false, keyData: Self.key)
        #expect(!String(decoding: try MessageBuilder().build(draft).bytes, as: UTF8.self).contains("Autocrypt:"))
        draft.autocrypt?.address = "ada@example.test"
        #expect(String(decoding: try MessageBuilder().build(draft).bytes, as: UTF8.self).contains("Autocrypt: addr=ada@example.test;"))
        // Never in a draft kept in Drafts, and no one adds it by hand.
        #expect(!String(decoding: try MessageBuilder().buildDraft(draft), as: UTF8.self).contains("Autocrypt:"))
        draft.autocrypt = nil
        draft.extraHeaders = [["Autocrypt", "addr=ada@example.test; keydata=AAAA"]]
        #expect(throws: MessageBuildError.self) { try MessageBuilder().build(draft) }
    }
}
