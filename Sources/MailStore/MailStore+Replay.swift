import Foundation
import GRDB

/// The store's side of journal replay: recording outcomes, mapping placeholders to the
/// UIDs the server gave them, and telling the mirror which local changes it must not
/// undo while they wait. Each call is one transaction with the entry's completion, so a
/// kill between two calls never applies anything twice.
extension MailStore {
    /// The entry was applied and the server named the message's new UID (COPYUID,
    /// APPENDUID): later entries that act on the placeholder in that folder learn it,
    /// and so does the row, unless a later entry takes the message out of that folder
    /// again (then the row's place is a later one, mapped by that entry's replay).
    /// `folder` is the server name the entry used; later pending renames are followed.
    public func completeJournal(id entryId: Int64, placed messageId: Int64, in folder: String,
                                uidValidity: Int64?, uid: Int64) throws {
        try database.write { db in
            let entry = try Self.entry(entryId, in: db)
            let stay = try Self.followPlaceholder(messageId, in: folder, after: entry, in: db) { operation, location in
                var location = location
                location.uid = uid
                location.uidValidity = uidValidity
                return operation.relocated(location)
            }
            if let name = stay, let local = try Self.placeholder(messageId, inFolderNamed: name, accountId: entry.accountId, in: db) {
                // A row the mirror stored for this UID meanwhile is the same message.
                try db.execute(sql: "DELETE FROM message WHERE folder_id = ? AND uid = ? AND id <> ?", arguments: [local, uid, messageId])
                try db.execute(sql: "UPDATE message SET uid = ? WHERE id = ?", arguments: [uid, messageId])
                try db.execute(sql: "DELETE FROM imap_rematch WHERE message_id = ?", arguments: [messageId])
            }
            _ = try JournalEntry.deleteOne(db, key: entryId)
        }
    }

    /// The entry was applied but the server did not say where the message went (no
    /// UIDPLUS, or an earlier attempt had already done it): the placeholder waits for
    /// the folder's next sync to match it by content hash or Message-ID; later entries
    /// find it by Message-ID.
    public func completeJournal(id entryId: Int64, awaitingMatch messageId: Int64, in folder: String) throws {
        try database.write { db in
            let entry = try Self.entry(entryId, in: db)
            let stay = try Self.followPlaceholder(messageId, in: folder, after: entry, in: db) { _, _ in nil }
            if let name = stay, let folderId = try Self.placeholder(messageId, inFolderNamed: name, accountId: entry.accountId, in: db) {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO imap_rematch (message_id, folder_id, old_uid, old_uidvalidity) VALUES (?, ?, 0, NULL)
                    """, arguments: [messageId, folderId])
            }
            _ = try JournalEntry.deleteOne(db, key: entryId)
        }
    }

    /// Walks the entries after `entry` that act on `messageId` while it sits, without a
    /// UID, in `folder` (following renames), rewriting each with `rewrite` (nil: keep).
    /// Stops at the entry that takes it out (a move or an expunge). Returns the folder's
    /// name now when the message is still there after all pending entries, else nil.
    private static func followPlaceholder(_ messageId: Int64, in folder: String, after entry: JournalEntry, in db: Database,
                                          rewrite: (JournalOperation, MessageLocation) -> JournalOperation?) throws -> String? {
        var name = folder
        for later in try pendingEntries(accountId: entry.accountId, after: entry.id!, actingOn: messageId, in: db) {
            guard let operation = JournalOperation(entry: later) else { continue }
            if case let .renameFolder(from, to) = operation, from == name {
                name = to
                continue
            }
            guard let target = operation.messageTarget, target.messageId == messageId, let location = target.location,
                  location.folder == name, location.uid == nil else { continue }
            if let rewritten = rewrite(operation, location) {
                try db.execute(sql: "UPDATE journal SET payload = ? WHERE id = ?", arguments: [rewritten.payload, later.id])
            }
            switch operation {
            case .move, .expunge: return nil
            default: continue
            }
        }
        return name
    }

    /// The entry can never be applied (its message is gone from the server): it is kept
    /// as failed with the reason, and the local placeholder that stood for its outcome
    /// (a moved or copied row without a UID) leaves, as the message did.
    public func failJournal(id entryId: Int64, error: String, removingPlaceholder messageId: Int64?) throws {
        try database.write { db in
            if let messageId {
                try db.execute(sql: "DELETE FROM message WHERE id = ? AND uid IS NULL", arguments: [messageId])
            }
            try db.execute(sql: "UPDATE journal SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?",
                           arguments: [error, entryId])
        }
    }

    /// A move that cannot happen (its target folder is gone from the server): the
    /// message goes back to where it still is on the server, and the entry is kept as
    /// failed with the reason.
    public func failJournal(id entryId: Int64, error: String, returning messageId: Int64, to location: MessageLocation) throws {
        try database.write { db in
            let entry = try Self.entry(entryId, in: db)
            if let source = try FolderRecord.filter(FolderRecord.Columns.accountId == entry.accountId && FolderRecord.Columns.name == location.folder).fetchOne(db),
               try Int64.fetchOne(db, sql: "SELECT uid FROM message WHERE id = ?", arguments: [messageId]) == nil {
                let sameEpoch = location.uidValidity != nil && location.uidValidity == source.uidvalidity
                let uid = sameEpoch ? location.uid : nil
                if let uid { try db.execute(sql: "DELETE FROM message WHERE folder_id = ? AND uid = ? AND id <> ?", arguments: [source.id, uid, messageId]) }
                try db.execute(sql: "UPDATE message SET folder_id = ?, uid = ? WHERE id = ?", arguments: [source.id, uid, messageId])
            }
            try db.execute(sql: "UPDATE journal SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?",
                           arguments: [error, entryId])
        }
    }

    /// Failed entries go back to pending, to be tried again on the next replay.
    @discardableResult
    public func retryFailedJournal(accountId: Int64) throws -> Int {
        try database.write { db in
            try db.execute(sql: "UPDATE journal SET state = 'pending' WHERE account_id = ? AND state = 'failed'", arguments: [accountId])
            return db.changesCount
        }
    }

    // MARK: - What the mirror must leave alone

    /// UIDs of a folder that pending moves and expunges have taken away locally: the
    /// mirror must not bring them back while the server still has them.
    public func pendingRemovals(folder: FolderRecord) throws -> Set<Int64> {
        try database.read { db in
            var uids = Set<Int64>()
            for entry in try Self.pendingEntries(accountId: folder.accountId, after: 0, in: db) {
                switch JournalOperation(entry: entry) {
                case let .move(_, from, _)?, let .expunge(_, from)?:
                    if from.folder == folder.name, from.uidValidity == folder.uidvalidity, let uid = from.uid { uids.insert(uid) }
                default: break
                }
            }
            return uids
        }
    }

    /// Folder names pending folder operations stand for: `keep` exist here but not yet
    /// on the server (created or renamed to); `hide` still exist on the server but not
    /// here any more (deleted or renamed from).
    public func pendingFolderNames(accountId: Int64) throws -> (keep: Set<String>, hide: Set<String>) {
        try database.read { db in
            var keep = Set<String>(), hide = Set<String>()
            for entry in try Self.pendingEntries(accountId: accountId, after: 0, in: db) {
                switch JournalOperation(entry: entry) {
                case let .createFolder(name)?: keep.insert(name); hide.remove(name)
                case let .deleteFolder(name)?: hide.insert(name); keep.remove(name)
                case let .renameFolder(from, to)?:
                    hide.insert(from); keep.remove(from)
                    keep.insert(to); hide.remove(to)
                default: break
                }
            }
            return (keep, hide)
        }
    }

    /// Re-applies pending flag changes on top of flags the server just reported, so a
    /// change made here and not yet replayed stays visible.
    static func reapplyPendingFlags(folderId: Int64, in db: Database) throws {
        guard let accountId = try Int64.fetchOne(db, sql: "SELECT account_id FROM folder WHERE id = ?", arguments: [folderId]) else { return }
        let pending = try JournalEntry.filter(JournalEntry.Columns.accountId == accountId && JournalEntry.Columns.state == "pending"
                                              && [String](["flag-add", "flag-remove"]).contains(JournalEntry.Columns.operation))
            .order(JournalEntry.Columns.id).fetchAll(db)
        for entry in pending {
            guard let operation = JournalOperation(entry: entry), let target = operation.messageTarget,
                  let message = try MessageRecord.filter(MessageRecord.Columns.id == target.messageId && MessageRecord.Columns.folderId == folderId).fetchOne(db)
            else { continue }
            switch operation {
            case let .addFlags(_, flags, _): try setFlags(applying(add: flags, remove: [], to: message.flagList), ofMessage: target.messageId, in: db)
            case let .removeFlags(_, flags, _): try setFlags(applying(add: [], remove: flags, to: message.flagList), ofMessage: target.messageId, in: db)
            default: continue
            }
        }
    }

    // MARK: - Helpers

    static func entry(_ id: Int64, in db: Database) throws -> JournalEntry {
        guard let entry = try JournalEntry.fetchOne(db, key: id) else { throw StoreError.notFound("journal entry \(id)") }
        return entry
    }

    static func pendingEntries(accountId: Int64, after id: Int64, in db: Database) throws -> [JournalEntry] {
        try JournalEntry.filter(JournalEntry.Columns.accountId == accountId && JournalEntry.Columns.state == "pending" && JournalEntry.Columns.id > id)
            .order(JournalEntry.Columns.id).fetchAll(db)
    }

    /// The pending entries after `id` that may act on `messageId` (its id in the payload,
    /// `"messageId":N` then `,` or `}` as the sorted-keys JSON writes it) and the folder
    /// renames, which move it along. Decoding every later entry instead made replaying
    /// an import of 3,000 messages quadratic: 4 minutes of CPU for the placeholders alone.
    static func pendingEntries(accountId: Int64, after id: Int64, actingOn messageId: Int64, in db: Database) throws -> [JournalEntry] {
        let key = "%\"messageId\":\(messageId)"
        return try JournalEntry.filter(JournalEntry.Columns.accountId == accountId && JournalEntry.Columns.state == "pending"
                                       && JournalEntry.Columns.id > id)
            .filter(JournalEntry.Columns.operation == JournalOperation.renameFolder(from: "", to: "").name
                    || JournalEntry.Columns.payload.like(key + ",%") || JournalEntry.Columns.payload.like(key + "}%"))
            .order(JournalEntry.Columns.id).fetchAll(db)
    }

    /// The folder id of `messageId` when it is a placeholder (no UID) in the folder `name`.
    static func placeholder(_ messageId: Int64, inFolderNamed name: String, accountId: Int64, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: """
            SELECT folder.id FROM message JOIN folder ON folder.id = message.folder_id
            WHERE message.id = ? AND message.uid IS NULL AND folder.account_id = ? AND folder.name = ?
            """, arguments: [messageId, accountId, name])
    }
}
