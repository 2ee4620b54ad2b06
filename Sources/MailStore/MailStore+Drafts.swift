import Foundation
import GRDB

/// Drafts: a message being written, kept in the account's Drafts folder so it can be
/// reopened here or in another client. Saving works offline like every action: the
/// row appears at once and an APPEND waits in the journal.
extension MailStore {
    /// Saves a draft (the finished RFC 5322 bytes) in the Drafts folder of the account
    /// (SPECIAL-USE `\Drafts`, else "Drafts", created when missing) with `\Draft \Seen`.
    /// When `replacing` names an earlier version, that one is removed in the same
    /// transaction. Returns the new draft's message id.
    @discardableResult
    public func saveDraft(accountId: Int64, raw: Data, replacing oldId: Int64? = nil) throws -> Int64 {
        let flags = [SystemFlag.seen.rawValue, SystemFlag.draft.rawValue]
        let header = MirrorHeader(uid: 0, flags: flags, internalDate: Date(), size: Int64(raw.count), bytes: [UInt8](raw), isComplete: true)
        return try database.write { db in
            guard let owner = try AccountRecord.fetchOne(db, key: accountId) else { throw StoreError.notFound("account \(accountId)") }
            let journaled = owner.kind == .imap
            let drafts = try Self.folder(accountId: owner.id!, role: "\\Drafts", fallbackName: "Drafts", in: db)
                ?? createFolder(accountId: owner.id!, name: "Drafts", specialUse: "\\Drafts", journaled: journaled, in: db)
            if let oldId {
                let old = try MessageContext.load(oldId, in: db)
                guard old.accountId == owner.id, old.message.has(.draft) else {
                    throw StoreError.invalid("message \(oldId) is not a draft of account \"\(owner.name)\"")
                }
                try expunge(old, in: db)
            }
            let prepared = PreparedHeader(header, folderId: drafts.id!)
            var record = prepared.record
            record.uid = nil
            record.contentHash = ContentHash.sha256Hex([UInt8](raw))
            record.bodyState = .full
            try record.insert(db, raw: raw, searchBody: MailStore.bodyFacts([UInt8](raw)).searchText)
            if journaled {
                try Self.record(.append(messageId: record.id!, to: drafts.name, flags: flags), accountId: owner.id!, in: db)
            }
            return record.id!
        }
    }
}
