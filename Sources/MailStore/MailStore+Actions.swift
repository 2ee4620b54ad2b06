import Foundation
import GRDB

/// The user's actions on messages: each changes the store at once and journals what the
/// server must be told, in the same transaction, so the UI shows the result immediately
/// and a crash can never separate the two. They work offline; the engine replays the
/// journal when it reaches the server. Accounts without a server folder tree (POP3, the
/// demo) change locally only.
extension MailStore {
    /// What `deleteMessages` did.
    public struct DeleteOutcome: Sendable, Equatable {
        public var movedToTrash = 0
        public var expunged = 0

        public init(movedToTrash: Int = 0, expunged: Int = 0) {
            self.movedToTrash = movedToTrash
            self.expunged = expunged
        }
    }

    /// Moves messages to the folder `folderName` of their own account. Returns how many moved.
    @discardableResult
    public func moveMessages(ids: [Int64], to folderName: String) throws -> Int {
        try database.write { db in
            var moved = 0
            for id in ids {
                let context = try MessageContext.load(id, in: db)
                let target = try context.folder(named: folderName, in: db)
                if try move(context, to: target, in: db) { moved += 1 }
            }
            return moved
        }
    }

    /// Copies messages to the folder `folderName` of their own account. Returns the copies' ids.
    @discardableResult
    public func copyMessages(ids: [Int64], to folderName: String) throws -> [Int64] {
        try database.write { db in
            var copies: [Int64] = []
            for id in ids {
                let context = try MessageContext.load(id, in: db)
                let target = try context.folder(named: folderName, in: db)
                guard target.id != context.folder.id else {
                    throw StoreError.invalid("message \(id) is already in \"\(folderName)\"; copy it to another folder")
                }
                var copy = context.message
                copy.id = nil
                copy.folderId = target.id!
                copy.uid = nil
                copy.modseq = nil
                try copy.insert(db)
                // Outside the Codable columns (see `MessageRecord.cryptoMark`): the copy keeps the index's S/E mark.
                if let mark = copy.cryptoMark {
                    try db.execute(sql: "UPDATE message SET crypto_mark = ? WHERE id = ?", arguments: [mark, copy.id])
                }
                try ThreadLinker(db).link(messageId: copy.id!, messageID: copy.headerMessageId, inReplyTo: copy.inReplyTo,
                                          references: copy.referencesHeader)
                try db.execute(sql: """
                    INSERT INTO message_body (message_id, raw, pack, pack_offset, pack_length)
                    SELECT ?, raw, pack, pack_offset, pack_length FROM message_body WHERE message_id = ?
                    """,
                               arguments: [copy.id, id])
                // Decrypted words copied with it stay known as such (`EncryptedBodySearch`).
                try db.execute(sql: """
                    INSERT INTO message_fts_decrypted (message_id)
                    SELECT ? WHERE EXISTS (SELECT 1 FROM message_fts_decrypted WHERE message_id = ?)
                    """, arguments: [copy.id, id])
                // A body still waiting for the index waits for it in the copy too.
                try db.execute(sql: """
                    INSERT INTO message_fts_pending (message_id)
                    SELECT ? WHERE EXISTS (SELECT 1 FROM message_fts_pending WHERE message_id = ?)
                    """, arguments: [copy.id, id])
                if context.journaled {
                    try Self.record(.copy(messageId: id, from: context.location, to: target.name, copyId: copy.id!),
                                    accountId: context.accountId, in: db)
                }
                copies.append(copy.id!)
            }
            // The copies' search rows after every other row, as `MessageInserter.batch`
            // writes them (`writeSearchRow`), the originals' read 200 at a time: one index
            // segment per 200 copies rather than one each.
            let readRow = try db.cachedStatement(sql: "SELECT subject, addresses, body FROM message_fts WHERE rowid = ?")
            let pairs = Array(zip(copies, ids))
            for start in stride(from: 0, to: pairs.count, by: 200) {
                let rows = try pairs[start..<min(start + 200, pairs.count)].compactMap { copy, original in
                    try Row.fetchOne(readRow, arguments: [original]).map { (copy, $0) }
                }
                for (copy, row) in rows {
                    try Self.writeSearchRow(db, messageId: copy, subject: row[0], addresses: row[1], body: row[2])
                }
            }
            return copies
        }
    }

    /// Deletes messages: to the account's Trash folder, or for good when they are in
    /// Trash already or the account has none.
    @discardableResult
    public func deleteMessages(ids: [Int64]) throws -> DeleteOutcome {
        try database.write { db in
            var outcome = DeleteOutcome()
            for id in ids {
                let context = try MessageContext.load(id, in: db)
                if let trash = try context.folder(role: "\\Trash", fallbackName: "Trash", in: db), trash.id != context.folder.id {
                    if try move(context, to: trash, in: db) { outcome.movedToTrash += 1 }
                } else {
                    try expunge(context, in: db)
                    outcome.expunged += 1
                }
            }
            return outcome
        }
    }

    /// Removes messages for good (on the server: `\Deleted` and UID EXPUNGE).
    @discardableResult
    public func expungeMessages(ids: [Int64]) throws -> Int {
        try database.write { db in
            for id in ids { try expunge(try MessageContext.load(id, in: db), in: db) }
            return ids.count
        }
    }

    /// Moves messages to the account's Archive folder, creating "Archive" when there is none.
    @discardableResult
    public func archiveMessages(ids: [Int64]) throws -> Int {
        try database.write { db in
            var moved = 0
            for id in ids {
                let context = try MessageContext.load(id, in: db)
                let archive = try context.folder(role: "\\Archive", fallbackName: "Archive", in: db)
                    ?? (try createFolder(accountId: context.accountId, name: "Archive", specialUse: nil, journaled: context.journaled, in: db))
                if try move(context, to: archive, in: db) { moved += 1 }
            }
            return moved
        }
    }

    // MARK: - Shared steps

    /// Moves one message's row into `target` as a placeholder (no UID until replay maps it).
    func move(_ context: MessageContext, to target: FolderRecord, in db: Database) throws -> Bool {
        guard target.id != context.folder.id else { return false }
        try db.execute(sql: "UPDATE message SET folder_id = ?, uid = NULL, modseq = NULL WHERE id = ?",
                       arguments: [target.id, context.message.id])
        // A row waiting for a re-match in its old folder is no longer there to be matched.
        try db.execute(sql: "DELETE FROM imap_rematch WHERE message_id = ?", arguments: [context.message.id])
        if context.journaled {
            try Self.record(.move(messageId: context.message.id!, from: context.location, to: target.name),
                            accountId: context.accountId, in: db)
        }
        return true
    }

    /// Removes one message's row. A message that never reached the server (its APPEND or
    /// COPY still waits in the journal) just disappears with its pending entries.
    func expunge(_ context: MessageContext, in db: Database) throws {
        let id = context.message.id!
        if context.journaled {
            let pending = try JournalEntry.filter(JournalEntry.Columns.accountId == context.accountId && JournalEntry.Columns.state == "pending")
                .order(JournalEntry.Columns.id).fetchAll(db)
            let creator = pending.first { entry in
                switch JournalOperation(entry: entry) {
                case let .append(messageId, _, _)?: return messageId == id
                case let .copy(_, _, _, copyId)?: return copyId == id
                default: return false
                }
            }
            if let creator {
                let obsolete = pending.filter { entry in
                    entry.id == creator.id || JournalOperation(entry: entry)?.messageTarget?.messageId == id
                }
                for entry in obsolete { _ = try JournalEntry.deleteOne(db, key: entry.id) }
            } else {
                try Self.record(.expunge(messageId: id, at: context.location), accountId: context.accountId, in: db)
            }
        }
        _ = try MessageRecord.deleteOne(db, key: id)
    }

    /// Creates a folder row (journaled for IMAP accounts).
    func createFolder(accountId: Int64, name: String, specialUse: String?, journaled: Bool, in db: Database) throws -> FolderRecord {
        var folder = FolderRecord(accountId: accountId, name: name, specialUse: specialUse)
        try folder.insert(db)
        if journaled { try Self.record(.createFolder(name: name), accountId: accountId, in: db) }
        return folder
    }
}

extension MailStore {
    /// An account's selectable folder with a SPECIAL-USE role (RFC 6154), else the one
    /// named `fallbackName` (any case).
    static func folder(accountId: Int64, role: String, fallbackName: String, in db: Database) throws -> FolderRecord? {
        let folders = try FolderRecord.filter(FolderRecord.Columns.accountId == accountId).fetchAll(db).filter(\.selectable)
        return folders.first { $0.specialUse?.caseInsensitiveCompare(role) == .orderedSame }
            ?? folders.first { $0.name.caseInsensitiveCompare(fallbackName) == .orderedSame }
    }
}

/// A message with its folder and account, as an action needs them.
struct MessageContext {
    var message: MessageRecord
    var folder: FolderRecord
    var accountId: Int64
    /// Whether the account has a server to replay the journal on (IMAP).
    var journaled: Bool

    static func load(_ id: Int64, in db: Database) throws -> MessageContext {
        guard let message = try MessageRecord.fetchOne(db, key: id) else { throw StoreError.notFound("message \(id)") }
        guard let folder = try FolderRecord.fetchOne(db, key: message.folderId) else {
            throw StoreError.notFound("the folder of message \(id)")
        }
        let kind = try String.fetchOne(db, sql: "SELECT kind FROM account WHERE id = ?", arguments: [folder.accountId])
            .flatMap(AccountRecord.Kind.init(rawValue:))
        return MessageContext(message: message, folder: folder, accountId: folder.accountId, journaled: kind == .imap)
    }

    /// Where the message is now, for the journal.
    var location: MessageLocation {
        MessageLocation(folder: folder.name, uidValidity: folder.uidvalidity, uid: message.uid,
                        messageID: message.headerMessageId, size: message.size)
    }

    /// A folder of the same account by name (INBOX in any case).
    func folder(named name: String, in db: Database) throws -> FolderRecord {
        let folders = try FolderRecord.filter(FolderRecord.Columns.accountId == accountId).fetchAll(db)
        let isInbox = name.uppercased() == "INBOX"
        guard let folder = folders.first(where: { $0.name == name || (isInbox && $0.name.uppercased() == "INBOX") }) else {
            throw StoreError.notFound("folder \"\(name)\" of the account of message \(message.id ?? 0)")
        }
        guard folder.selectable else { throw StoreError.invalid("folder \"\(name)\" cannot hold messages") }
        return folder
    }

    /// The account's folder with a SPECIAL-USE role, else the one named `fallbackName`.
    func folder(role: String, fallbackName: String, in db: Database) throws -> FolderRecord? {
        try MailStore.folder(accountId: accountId, role: role, fallbackName: fallbackName, in: db)
    }
}
