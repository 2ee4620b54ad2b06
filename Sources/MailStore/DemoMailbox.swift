import Foundation
import GRDB

/// Fills a store with a realistic, deterministic demo mailbox for `merle demo`:
/// threads, HTML mail, attachments, non-ASCII names and subjects, flags, several
/// folders. No server is involved; the account kind is `local`.
public enum DemoMailbox {
    public static let accountName = "demo"
    public static let ownAddress = "you@demo.merle.test"

    /// Seeds `store` unless the demo account already has mail. Returns the number of
    /// messages written (0 when it was already seeded).
    @discardableResult
    public static func seed(_ store: MailStore, messageCount: Int = 3000) throws -> Int {
        let account = try store.ensureAccount(name: accountName, kind: .local, email: ownAddress)
        let folderRoles: [(String, String?)] = [
            ("INBOX", nil), ("Sent", "\\Sent"), ("Drafts", "\\Drafts"), ("Archive", "\\Archive"),
            ("Junk", "\\Junk"), ("Trash", "\\Trash"), ("Lists/swift-dev", nil), ("Lists/mutt-users", nil),
        ]
        var folders: [String: Int64] = [:]
        for (name, role) in folderRoles {
            folders[name] = try store.ensureFolder(accountId: account.id!, name: name, specialUse: role).id!
        }
        let existing = try store.database.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM message JOIN folder ON folder.id = message.folder_id WHERE folder.account_id = ?
                """, arguments: [account.id])!
        }
        guard existing == 0 else { return 0 }

        var factory = DemoMessageFactory(seed: 20261126)
        let messages = factory.makeMessages(count: messageCount)
        try store.database.write { db in
            var nextUID: [String: Int64] = [:]
            for demo in messages {
                let folderId = folders[demo.folder] ?? folders["INBOX"]!
                let raw = Data(demo.raw.utf8)
                let uid = nextUID[demo.folder, default: 1]
                nextUID[demo.folder] = uid + 1
                var record = MessageRecord(
                    folderId: folderId, uid: uid, flags: demo.flags, internalDate: demo.date, date: demo.date,
                    size: Int64(raw.count), headerMessageId: demo.messageId, inReplyTo: demo.inReplyTo,
                    referencesHeader: demo.references.isEmpty ? nil : demo.references.joined(separator: " "),
                    subject: demo.subject, fromName: demo.fromName, fromAddress: demo.fromAddress,
                    toAddresses: demo.to, hasAttachment: demo.hasAttachment, bodyState: .full)
                try record.insert(db, raw: raw, searchBody: demo.bodyText)
            }
            for name in folders.keys {
                try db.execute(sql: "UPDATE folder SET uidvalidity = 1, uidnext = ? WHERE id = ?",
                               arguments: [nextUID[name, default: 1], folders[name]])
            }
        }
        return messages.count
    }
}
