import Foundation
import GRDB

/// The outbox: finished messages waiting for SMTP. Every state change is one
/// transaction, so a crash at any point leaves each message in a state that says
/// exactly what is safe to do next.
extension MailStore {
    /// Queues a finished message (works offline). Returns the queued row. `filesSentCopy`
    /// false: no copy goes to Sent (a bounce).
    @discardableResult
    public func enqueue(accountId: Int64, raw: Data, envelopeFrom: String, recipients: [String],
                        inReplyToMessage: Int64? = nil, sentCopy: Data? = nil, filesSentCopy: Bool = true) throws -> OutboxRecord {
        guard !recipients.isEmpty else { throw StoreError.invalid("a message needs at least one recipient") }
        return try database.write { db in
            var record = OutboxRecord(accountId: accountId, raw: raw, envelopeFrom: envelopeFrom, recipients: recipients,
                                      inReplyToMessage: inReplyToMessage, sentCopy: sentCopy, filesSentCopy: filesSentCopy)
            try record.insert(db)
            try Self.recordUse(of: recipients, in: db)
            return record
        }
    }

    /// Queued messages of an account whose next attempt is due, oldest first; with
    /// `ignoringBackoff` every queued message (the user asked to send now).
    public func dueOutbox(accountId: Int64, now: Date = Date(), ignoringBackoff: Bool = false) throws -> [OutboxRecord] {
        try database.read { db in
            var request = OutboxRecord
                .filter(OutboxRecord.Columns.accountId == accountId && OutboxRecord.Columns.state == OutboxRecord.State.queued.rawValue)
            if !ignoringBackoff {
                request = request.filter(OutboxRecord.Columns.nextAttemptAt == nil || OutboxRecord.Columns.nextAttemptAt <= now)
            }
            return try request.order(OutboxRecord.Columns.id).fetchAll(db)
        }
    }

    /// What the outbox of an account still holds, without reading the messages' bytes.
    public func outboxCounts(accountId: Int64) throws -> OutboxCounts {
        try database.read { db in
            var counts = OutboxCounts()
            let rows = try Row.fetchAll(db, sql: "SELECT state, count(*) AS n FROM outbox WHERE account_id = ? GROUP BY state",
                                        arguments: [accountId])
            for row in rows {
                let number: Int = row["n"]
                switch OutboxRecord.State(rawValue: row["state"]) {
                case .queued?, .sending?: counts.waiting += number
                case .failed?: counts.failed += number
                case .uncertain?: counts.uncertain += number
                default: break
                }
            }
            return counts
        }
    }

    /// How many messages wait in the outbox (not yet sent), without reading their bytes.
    public func unsentOutboxCount() throws -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE state <> 'sent'") ?? 0
        }
    }

    /// Every outbox row of an account (or all accounts), oldest first.
    public func outbox(accountId: Int64? = nil) throws -> [OutboxRecord] {
        try database.read { db in
            var request = OutboxRecord.order(OutboxRecord.Columns.id)
            if let accountId { request = request.filter(OutboxRecord.Columns.accountId == accountId) }
            return try request.fetchAll(db)
        }
    }

    public func outboxItem(id: Int64) throws -> OutboxRecord {
        guard let record = try database.read({ db in try OutboxRecord.fetchOne(db, key: id) }) else {
            throw StoreError.notFound("outbox message \(id)")
        }
        return record
    }

    /// The SMTP transaction is starting: nothing is delivered until the final dot, so
    /// a crash in this state means "send again".
    public func markSending(id: Int64) throws {
        try setOutbox(id: id, sql: "state = 'sending', attempts = attempts + 1, last_error = NULL")
    }

    /// The final dot is about to go out: until the reply arrives, delivery is uncertain.
    public func markUncertain(id: Int64, reason: String = "sent, but the server's confirmation never arrived") throws {
        try setOutbox(id: id, sql: "state = 'uncertain', last_error = ?", arguments: [reason])
    }

    /// A permanent failure: kept with the server's words for the user to fix.
    public func markFailed(id: Int64, error: String) throws {
        try setOutbox(id: id, sql: "state = 'failed', next_attempt_at = NULL, last_error = ?", arguments: [error])
    }

    /// A temporary failure: back in the queue after a delay. `countingAttempt` when the
    /// attempt was not counted by `markSending` (the server could not be reached, or
    /// refused the login, before the message's turn came).
    public func requeue(id: Int64, error: String, nextAttempt: Date, countingAttempt: Bool = false) throws {
        try setOutbox(id: id, sql: "state = 'queued', next_attempt_at = ?, last_error = ?" + (countingAttempt ? ", attempts = attempts + 1" : ""),
                      arguments: [nextAttempt, error])
    }

    /// Some recipients refused the message for good: they get a failed copy of their own
    /// (same bytes, only them as recipients) to fix and resend, while the original goes on.
    public func splitOffRejected(id: Int64, recipients: [String], error: String) throws {
        try database.write { db in
            guard let original = try OutboxRecord.fetchOne(db, key: id) else { throw StoreError.notFound("outbox message \(id)") }
            var copy = OutboxRecord(accountId: original.accountId, raw: original.raw, envelopeFrom: original.envelopeFrom,
                                    recipients: recipients, state: .failed, attempts: original.attempts, lastError: error,
                                    inReplyToMessage: original.inReplyToMessage, sentCopy: original.sentCopy,
                                    filesSentCopy: original.filesSentCopy)
            try copy.insert(db)
        }
    }

    /// After a crash: a message left in `sending` never had its final dot sent, so it
    /// is safe to queue again. `uncertain` ones stay as they are, for the user.
    @discardableResult
    public func recoverInterruptedSends() throws -> Int {
        try database.write { db in
            try db.execute(sql: "UPDATE outbox SET state = 'queued', next_attempt_at = NULL WHERE state = 'sending'")
            return db.changesCount
        }
    }

    /// Puts a failed or uncertain message back in the queue, at the user's request.
    public func retryOutbox(id: Int64) throws {
        let record = try outboxItem(id: id)
        guard [.failed, .uncertain, .queued].contains(record.state) else {
            throw StoreError.invalid("outbox message \(id) is \(record.state.rawValue); only failed, uncertain or queued messages can be retried")
        }
        try setOutbox(id: id, sql: "state = 'queued', next_attempt_at = NULL")
    }

    /// Removes a message from the outbox for good, at the user's request.
    public func dropOutbox(id: Int64) throws {
        let deleted = try database.write { db in try OutboxRecord.deleteOne(db, key: id) }
        guard deleted else { throw StoreError.notFound("outbox message \(id)") }
    }

    private func setOutbox(id: Int64, sql: String, arguments: StatementArguments = []) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE outbox SET \(sql) WHERE id = ?", arguments: arguments + [id])
            guard db.changesCount == 1 else { throw StoreError.notFound("outbox message \(id)") }
        }
    }
}
