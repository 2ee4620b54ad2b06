import Foundation
import MailMessage
import MailStore
import SyncEngine
import TestSupport
import Testing

/// Autocrypt Level 1 section 2.4: the recommendation from the peers the store learnt
/// (through its real insert path), and what it does to the compose settings.
@Suite struct AutocryptRecommendationTests {
    static let key = Data([0x99, 0x00, 0x0D, 0x04, 0x41, 0x41]).base64EncodedString()

    /// A store whose account has learnt from mail of `senders`: (address, mutual, date of
    /// the header, date of a later message without it or nil).
    static func composer(_ senders: [(String, Bool, String, String?)]) throws -> (Composer, ScratchStore) {
        let scratch = try ScratchStore()
        let store = scratch.store
        let account = try store.ensureAccount(name: "me", kind: .imap, email: "me@example.test")
        let inbox = try store.ensureFolder(accountId: account.id!, name: "INBOX").id!
        var uid: Int64 = 0
        func land(_ from: String, _ date: String, _ header: String?) throws {
            uid += 1
            let text = "From: \(from)\r\nTo: me@example.test\r\nDate: \(date)\r\nSubject: s\r\n" + (header.map { $0 + "\r\n" } ?? "") + "\r\nHi\r\n"
            try store.storeMirrorHeaders(folderId: inbox, [MailStore.MirrorHeader(uid: uid, flags: [], internalDate: nil, size: 50, bytes: Array(text.utf8))])
        }
        for (address, mutual, date, later) in senders {
            try land(address, date, "Autocrypt: addr=\(address);\(mutual ? " prefer-encrypt=mutual;" : "") keydata=\(key)")
            if let later { try land(address, later, nil) }
        }
        let sender = Composer.Sender(accountId: account.id!, accountName: "me", address: Address(name: nil, mailbox: "me@example.test"))
        return (Composer(store: store, sender: sender), scratch)
    }

    static func draft(_ to: [String], cc: [String] = [], bcc: [String] = []) -> Draft {
        Draft(from: Address(name: nil, mailbox: "me@example.test"), to: to.map { Address(name: nil, mailbox: $0) },
              cc: cc.map { Address(name: nil, mailbox: $0) }, bcc: bcc.map { Address(name: nil, mailbox: $0) })
    }

    @Test func theWeakestRecipientDecides() throws {
        let (composer, scratch) = try Self.composer([
            ("ada@example.test", true, "Mon, 03 Nov 2025 10:00:00 +0000", nil),
            ("bob@example.test", true, "Mon, 03 Nov 2025 10:00:00 +0000", nil),
            ("cy@example.test", false, "Mon, 03 Nov 2025 10:00:00 +0000", nil),
            // Dee's key, then 40 days of mail without it: stale.
            ("dee@example.test", true, "Mon, 03 Nov 2025 10:00:00 +0000", "Sat, 13 Dec 2025 10:00:00 +0000"),
            // 20 days without it: still fresh.
            ("eve@example.test", true, "Mon, 03 Nov 2025 10:00:00 +0000", "Sun, 23 Nov 2025 10:00:00 +0000"),
        ])
        _ = scratch
        func recommend(_ draft: Draft, mutual: Bool = true) -> AutocryptRecommendation {
            composer.autocryptRecommendation(for: draft, senderPrefersEncrypt: mutual)
        }
        #expect(recommend(Self.draft(["ada@example.test"], cc: ["BOB@example.test", "me@example.test"])) == .encrypt)
        #expect(recommend(Self.draft(["ada@example.test"]), mutual: false) == .available)
        #expect(recommend(Self.draft(["ada@example.test", "cy@example.test"])) == .available)
        #expect(recommend(Self.draft(["ada@example.test", "eve@example.test"])) == .encrypt)
        #expect(recommend(Self.draft(["ada@example.test", "dee@example.test"])) == .discourage)
        #expect(recommend(Self.draft(["ada@example.test", "stranger@example.test"])) == .disable)
        #expect(recommend(Self.draft(["ada@example.test"], bcc: ["bob@example.test"])) == .disable, "encryption would show the Bcc")
        #expect(recommend(Self.draft([])) == .disable)
    }

    @Test func onlyOpportunisticOpenPGPIsTurnedOn() {
        var opportunistic = ComposeSecurity(encryption: .whenKeysAllow)
        #expect(opportunistic.follow(.encrypt) && opportunistic.encryption == .on)
        for recommendation in [AutocryptRecommendation.available, .discourage, .disable] {
            var security = ComposeSecurity(encryption: .whenKeysAllow)
            #expect(!security.follow(recommendation) && security.encryption == .whenKeysAllow)
        }
        var never = ComposeSecurity(encryption: .off)
        #expect(!never.follow(.encrypt) && never.encryption == .off)
        var smime = ComposeSecurity(encryption: .whenKeysAllow, format: .smime)
        #expect(!smime.follow(.encrypt) && smime.encryption == .whenKeysAllow)
    }
}
