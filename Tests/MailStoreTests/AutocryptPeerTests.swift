import Foundation
import MailMessage
import TestSupport
import Testing
@testable import MailStore

/// Autocrypt Level 1 section 2.3: the peer table as new messages land, through the
/// store's one insert path for the IMAP mirror and POP3 downloads.
@Suite struct AutocryptPeerTests {
    /// Key data that passes the header's check (a Public-Key packet tag); gpg is not
    /// asked here, the MailCrypto tests give it real keys.
    static let keyA: [UInt8] = [0x99, 0x00, 0x0D, 0x04, 0x41, 0x41]
    static let keyB: [UInt8] = [0x99, 0x00, 0x0D, 0x04, 0x42, 0x42]
    static func base64(_ key: [UInt8]) -> String { Data(key).base64EncodedString() }

    static func header(_ address: String = "bob@example.test", key: [UInt8] = keyA, mutual: Bool = false, extra: String = "") -> String {
        "Autocrypt: addr=\(address);\(mutual ? " prefer-encrypt=mutual;" : "")\(extra) keydata=\r\n \(base64(key))"
    }

    static func message(from: String = "Bob <bob@example.test>", date: String, headers: [String]) -> [UInt8] {
        let lines = ["From: \(from)", "To: alice@example.test", "Date: \(date)", "Subject: hi", "Message-ID: <\(UUID().uuidString)@example.test>"]
            + headers + ["", "Hello", ""]
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    final class Fixture {
        let scratch: ScratchStore
        let accountId: Int64
        let inbox: Int64
        var uid: Int64 = 0

        init() throws {
            scratch = try ScratchStore()
            accountId = try scratch.store.ensureAccount(name: "work", kind: .imap, email: "alice@example.test").id!
            inbox = try scratch.store.ensureFolder(accountId: accountId, name: "INBOX").id!
        }

        var store: MailStore { scratch.store }

        func land(_ bytes: [UInt8], folder: Int64? = nil) throws {
            uid += 1
            try store.storeMirrorHeaders(folderId: folder ?? inbox,
                                         [MailStore.MirrorHeader(uid: uid, flags: [], internalDate: nil, size: Int64(bytes.count), bytes: bytes)])
        }

        func peer(_ address: String = "bob@example.test") throws -> AutocryptPeer? {
            try store.autocryptPeer(accountId: accountId, address: address)
        }

        func messageCount() throws -> Int { try store.messages(inFolder: inbox, limit: 100).count }
    }

    static func date(_ text: String) -> Date { DateParser.parse(text)!.date }

    @Test func aValidHeaderMakesAPeer() throws {
        let fixture = try Fixture()
        try fixture.land(Self.message(date: "Mon, 03 Nov 2025 10:00:00 +0000", headers: [Self.header(mutual: true)]))
        let peer = try #require(try fixture.peer())
        #expect(peer.publicKey == Data(Self.keyA))
        #expect(peer.preferEncrypt)
        #expect(peer.autocryptTimestamp == Self.date("Mon, 03 Nov 2025 10:00:00 +0000"))
        #expect(peer.lastSeen == peer.autocryptTimestamp)
        // The address is matched without regard to case.
        #expect(try fixture.store.autocryptPeer(accountId: fixture.accountId, address: "BOB@example.test") != nil)
    }

    @Test func anOlderMessageChangesNothing() throws {
        let fixture = try Fixture()
        try fixture.land(Self.message(date: "Mon, 03 Nov 2025 10:00:00 +0000", headers: [Self.header(key: Self.keyA, mutual: true)]))
        try fixture.land(Self.message(date: "Sun, 02 Nov 2025 10:00:00 +0000", headers: [Self.header(key: Self.keyB)]))
        let peer = try #require(try fixture.peer())
        #expect(peer.publicKey == Data(Self.keyA))
        #expect(peer.preferEncrypt)
        #expect(peer.lastSeen == Self.date("Mon, 03 Nov 2025 10:00:00 +0000"))
    }

    @Test func aNewerHeaderReplacesKeyAndPreference() throws {
        let fixture = try Fixture()
        try fixture.land(Self.message(date: "Sun, 02 Nov 2025 10:00:00 +0000", headers: [Self.header(key: Self.keyA, mutual: true)]))
        try fixture.land(Self.message(date: "Mon, 03 Nov 2025 10:00:00 +0000", headers: [Self.header(key: Self.keyB)]))
        let peer = try #require(try fixture.peer())
        #expect(peer.publicKey == Data(Self.keyB))
        #expect(!peer.preferEncrypt)
        #expect(peer.autocryptTimestamp == Self.date("Mon, 03 Nov 2025 10:00:00 +0000"))
    }

    @Test func aMessageWithoutTheHeaderMovesOnlyLastSeen() throws {
        let fixture = try Fixture()
        try fixture.land(Self.message(date: "Sun, 02 Nov 2025 10:00:00 +0000", headers: [Self.header(mutual: true)]))
        try fixture.land(Self.message(date: "Mon, 03 Nov 2025 12:00:00 +0000", headers: []))
        let peer = try #require(try fixture.peer())
        #expect(peer.lastSeen == Self.date("Mon, 03 Nov 2025 12:00:00 +0000"))
        #expect(peer.autocryptTimestamp == Self.date("Sun, 02 Nov 2025 10:00:00 +0000"))
        #expect(peer.publicKey == Data(Self.keyA))
        #expect(peer.preferEncrypt)
        // Mail from someone who never sent a header makes no peer.
        try fixture.land(Self.message(from: "carol@example.test", date: "Mon, 03 Nov 2025 12:00:00 +0000", headers: []))
        #expect(try fixture.peer("carol@example.test") == nil)
    }

    @Test func twoValidHeadersCountAsNone() throws {
        let fixture = try Fixture()
        try fixture.land(Self.message(date: "Mon, 03 Nov 2025 10:00:00 +0000", headers: [Self.header(key: Self.keyA), Self.header(key: Self.keyB)]))
        #expect(try fixture.peer() == nil)
        // For a known peer, such a message is one without the header: last_seen only.
        try fixture.land(Self.message(date: "Mon, 03 Nov 2025 11:00:00 +0000", headers: [Self.header(key: Self.keyA)]))
        try fixture.land(Self.message(date: "Mon, 03 Nov 2025 12:00:00 +0000", headers: [Self.header(key: Self.keyB), Self.header(key: Self.keyB, mutual: true)]))
        let peer = try #require(try fixture.peer())
        #expect(peer.publicKey == Data(Self.keyA))
        #expect(peer.lastSeen == Self.date("Mon, 03 Nov 2025 12:00:00 +0000"))
        #expect(peer.autocryptTimestamp == Self.date("Mon, 03 Nov 2025 11:00:00 +0000"))
    }

    @Test func aHeaderForAnotherAddressIsIgnored() throws {
        let fixture = try Fixture()
        try fixture.land(Self.message(date: "Mon, 03 Nov 2025 10:00:00 +0000", headers: [Self.header("mallory@example.test")]))
        #expect(try fixture.peer() == nil)
        #expect(try fixture.peer("mallory@example.test") == nil)
    }

    @Test func anUnknownCriticalAttributeVoidsTheHeader() throws {
        let fixture = try Fixture()
        try fixture.land(Self.message(date: "Mon, 03 Nov 2025 10:00:00 +0000", headers: [Self.header(extra: " type=2;")]))
        #expect(try fixture.peer() == nil)
        // A non-critical one (leading underscore) is skipped and the header taken.
        try fixture.land(Self.message(date: "Mon, 03 Nov 2025 11:00:00 +0000", headers: [Self.header(extra: " _venue=moon;")]))
        #expect(try fixture.peer()?.publicKey == Data(Self.keyA))
    }

    @Test func garbageKeyDataIsIgnoredAndTheMessageKept() throws {
        let fixture = try Fixture()
        let garbage = [
            "Autocrypt: addr=bob@example.test; keydata=!!!not base64!!!",
            "Autocrypt: addr=bob@example.test; keydata=\(Self.base64([0x00, 0xFF, 0xFE]))",
            "Autocrypt: addr=bob@example.test; keydata=\(Self.base64([0x99] + [UInt8](repeating: 0x41, count: 70_000)))",
            "Autocrypt: addr=bob@example.test; keydata=",
            "Autocrypt: keydata=\(Self.base64(Self.keyA))",
            "Autocrypt: ;;;;;===;;",
            "Autocrypt: addr=bob@example.test; addr=bob@example.test; keydata=\(Self.base64(Self.keyA))",
            "Autocrypt: \u{1B}[31m" + String(repeating: "A", count: 200_000),
        ]
        for (index, field) in garbage.enumerated() {
            try fixture.land(Self.message(date: "Mon, 03 Nov 2025 1\(index % 10):00:00 +0000", headers: [field]))
        }
        #expect(try fixture.peer() == nil)
        #expect(try fixture.messageCount() == garbage.count, "every message is stored all the same")
        #expect(try fixture.store.integrityProblems().isEmpty)
    }

    @Test func floodsOfHeadersCountAsNone() throws {
        let fixture = try Fixture()
        // One valid header among many invalid ones: more than any sender writes.
        let invalid = (0..<8).map { _ in "Autocrypt: addr=bob@example.test; keydata=!!" }
        try fixture.land(Self.message(date: "Mon, 03 Nov 2025 10:00:00 +0000", headers: [Self.header()] + invalid))
        #expect(try fixture.peer() == nil)
        let start = Date()
        try fixture.land(Self.message(date: "Mon, 03 Nov 2025 11:00:00 +0000", headers: Array(repeating: Self.header(), count: 5_000)))
        #expect(try fixture.peer() == nil)
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(try fixture.messageCount() == 2)
        // Up to eight fields are read: one valid and seven invalid is one valid header.
        try fixture.land(Self.message(date: "Mon, 03 Nov 2025 12:00:00 +0000", headers: [Self.header()] + invalid.prefix(7)))
        #expect(try fixture.peer()?.publicKey == Data(Self.keyA))
    }

    @Test func junkAndDraftsChangeNothing() throws {
        let fixture = try Fixture()
        let junk = try fixture.store.ensureFolder(accountId: fixture.accountId, name: "Spam", specialUse: "\\Junk").id!
        let drafts = try fixture.store.ensureFolder(accountId: fixture.accountId, name: "Drafts", specialUse: "\\Drafts").id!
        try fixture.land(Self.message(date: "Mon, 03 Nov 2025 10:00:00 +0000", headers: [Self.header()]), folder: junk)
        try fixture.land(Self.message(date: "Mon, 03 Nov 2025 10:00:00 +0000", headers: [Self.header()]), folder: drafts)
        #expect(try fixture.peer() == nil)
    }

    @Test func aFutureDateCountsAsNowAndSeveralFromAddressesAsNoSender() throws {
        let fixture = try Fixture()
        let before = Date()
        try fixture.land(Self.message(date: "Fri, 01 Jan 2100 00:00:00 +0000", headers: [Self.header()]))
        let peer = try #require(try fixture.peer())
        #expect(peer.autocryptTimestamp >= before.addingTimeInterval(-1) && peer.autocryptTimestamp <= Date().addingTimeInterval(1))
        try fixture.land(Self.message(from: "carol@example.test, dave@example.test", date: "Mon, 03 Nov 2025 10:00:00 +0000",
                                      headers: [Self.header("carol@example.test")]))
        #expect(try fixture.peer("carol@example.test") == nil)
    }

    @Test func pop3DownloadsUpdatePeersToo() throws {
        let scratch = try ScratchStore()
        let store = scratch.store
        let accountId = try store.ensureAccount(name: "home", kind: .pop3, email: "alice@example.test").id!
        let inbox = try store.ensureFolder(accountId: accountId, name: "INBOX").id!
        let bytes = Self.message(date: "Mon, 03 Nov 2025 10:00:00 +0000", headers: [Self.header(mutual: true)])
        try store.storeDownloaded(accountId: accountId, folderId: inbox,
                                  [MailStore.PreparedDownload(uidl: "u1", raw: bytes, folderId: inbox, downloadedAt: Date())])
        let peer = try #require(try store.autocryptPeer(accountId: accountId, address: "bob@example.test"))
        #expect(peer.publicKey == Data(Self.keyA))
        #expect(peer.preferEncrypt)
        #expect(try store.autocryptPeers(accountId: accountId).map(\.address) == ["bob@example.test"])
    }
}
