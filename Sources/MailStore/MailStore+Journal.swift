import Foundation
import GRDB

/// The offline journal: each user action changes the store and appends its entry in
/// the same transaction, so the two can never disagree after a crash.
extension MailStore {
    /// Appends an entry inside an open transaction.
    static func record(_ operation: JournalOperation, accountId: Int64, in db: Database) throws {
        var entry = JournalEntry(accountId: accountId, operation: operation.name, payload: operation.payload)
        try entry.insert(db)
    }

    /// Entries of an account still to replay, in order.
    public func pendingJournal(accountId: Int64) throws -> [JournalEntry] {
        try database.read { db in
            try JournalEntry.filter(JournalEntry.Columns.accountId == accountId && JournalEntry.Columns.state == JournalEntry.State.pending.rawValue)
                .order(JournalEntry.Columns.id).fetchAll(db)
        }
    }

    /// Every entry of an account (pending and failed), in order.
    public func journal(accountId: Int64) throws -> [JournalEntry] {
        try database.read { db in
            try JournalEntry.filter(JournalEntry.Columns.accountId == accountId).order(JournalEntry.Columns.id).fetchAll(db)
        }
    }

    /// The entry was applied on the server; `cleanup` runs in the same transaction.
    public func completeJournal(id: Int64, cleanup: @Sendable (Database) throws -> Void = { _ in }) throws {
        try database.write { db in
            try cleanup(db)
            _ = try JournalEntry.deleteOne(db, key: id)
        }
    }

    /// The entry could not be applied this time; it stays pending with the reason.
    public func deferJournal(id: Int64, error: String) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE journal SET attempts = attempts + 1, last_error = ? WHERE id = ?", arguments: [error, id])
        }
    }

    /// The entry can never be applied (its message is gone on the server): kept as
    /// failed, with the reason, for the user to see.
    public func failJournal(id: Int64, error: String) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE journal SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?",
                           arguments: [error, id])
        }
    }

    /// Marks an outbox message sent and, in the same transaction, journals what must
    /// follow: a copy in the Sent folder (when `saveCopy`) and `\Answered` on the
    /// message it replies to (also applied locally at once). Without a copy to save,
    /// the row leaves the outbox.
    public func completeSend(outboxId: Int64, saveCopy: Bool) throws {
        try database.write { db in
            guard let row = try OutboxRecord.fetchOne(db, key: outboxId) else { throw StoreError.notFound("outbox message \(outboxId)") }
            try db.execute(sql: "UPDATE outbox SET state = 'sent', next_attempt_at = NULL, last_error = NULL WHERE id = ?",
                           arguments: [outboxId])
            if let parent = row.inReplyToMessage, try MessageRecord.exists(db, key: parent) {
                let context = try MessageContext.load(parent, in: db)
                let message = context.message
                if !message.has(.answered) {
                    try Self.setFlags(message.flagList + [SystemFlag.answered.rawValue], ofMessage: parent, in: db)
                }
                if context.journaled {
                    try Self.record(.addFlags(messageId: parent, flags: [SystemFlag.answered.rawValue], at: context.location),
                                    accountId: context.accountId, in: db)
                }
            }
            if saveCopy, row.filesSentCopy {
                try Self.record(.appendSent(outboxId: outboxId), accountId: row.accountId, in: db)
            } else {
                _ = try OutboxRecord.deleteOne(db, key: outboxId)
            }
        }
    }
}

extension MailStore {
    /// Adds and removes flags on messages at once and journals each change for the
    /// server, all in one transaction. Returns how many messages changed.
    @discardableResult
    public func changeFlags(messageIds: [Int64], add: [String], remove: [String]) throws -> Int {
        try database.write { db in
            var changed = 0
            for id in messageIds {
                let context = try MessageContext.load(id, in: db)
                let current = context.message.flagList
                let toAdd = add.filter { flag in !current.contains { $0.caseInsensitiveCompare(flag) == .orderedSame } }
                let toRemove = remove.filter { flag in current.contains { $0.caseInsensitiveCompare(flag) == .orderedSame } }
                guard !toAdd.isEmpty || !toRemove.isEmpty else { continue }
                try Self.setFlags(Self.applying(add: toAdd, remove: toRemove, to: current), ofMessage: id, in: db)
                if context.journaled {
                    if !toAdd.isEmpty {
                        try Self.record(.addFlags(messageId: id, flags: toAdd, at: context.location), accountId: context.accountId, in: db)
                    }
                    if !toRemove.isEmpty {
                        try Self.record(.removeFlags(messageId: id, flags: toRemove, at: context.location), accountId: context.accountId, in: db)
                    }
                }
                changed += 1
            }
            return changed
        }
    }

    /// Writes a message's flags and nothing else: a whole-row update set every column, so
    /// the thread and count triggers ran for columns that had not changed (marking a
    /// message read on opening it spent more there than on anything else it did).
    static func setFlags(_ flags: [String], ofMessage id: Int64, in db: Database) throws {
        let statement = try db.cachedStatement(sql: "UPDATE message SET flags = ? WHERE id = ?")
        try statement.execute(arguments: [flags.joined(separator: " "), id])
    }

    /// `flags` with `add` added and `remove` removed; IMAP flags compare case-insensitively.
    static func applying(add: [String], remove: [String], to flags: [String]) -> [String] {
        var result = flags.filter { flag in !remove.contains { $0.caseInsensitiveCompare(flag) == .orderedSame } }
        for flag in add where !result.contains(where: { $0.caseInsensitiveCompare(flag) == .orderedSame }) {
            result.append(flag)
        }
        return result
    }
}

extension MailStore {
    /// Counts an attempt before its command goes to the server, in its own transaction:
    /// after a kill, the entry shows it may have been applied already.
    public func beginJournalAttempt(id: Int64) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE journal SET attempts = attempts + 1 WHERE id = ?", arguments: [id])
        }
    }

    /// One journal entry as it is now, or nil when it is gone.
    public func journalEntry(id: Int64) throws -> JournalEntry? {
        try database.read { db in try JournalEntry.fetchOne(db, key: id) }
    }
}
