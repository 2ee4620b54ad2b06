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
                        inReplyToMessage: Int64? = nil, sentCopy: Data? = nil, filesSentCopy: Bool = true,
                        sendAfter: Date? = nil) throws -> OutboxRecord {
        guard !recipients.isEmpty else { throw StoreError.invalid("a message needs at least one recipient") }
        return try database.write { db in
            var record = OutboxRecord(accountId: accountId, raw: raw, envelopeFrom: envelopeFrom, recipients: recipients,
                                      inReplyToMessage: inReplyToMessage, sentCopy: sentCopy, filesSentCopy: filesSentCopy,
                                      sendAfter: sendAfter)
            try record.insert(db)
            try Self.recordUse(of: recipients, in: db)
            return record
        }
    }

    /// Queued messages of an account whose next attempt is due, oldest first; with
    /// `ignoringBackoff` every queued message (the user asked to send now). Held ones and
    /// ones whose send time (`send_after`) is still to come wait either way: a message
    /// scheduled for Christmas is not sent by a `merle send` in December.
    public func dueOutbox(accountId: Int64, now: Date = Date(), ignoringBackoff: Bool = false) throws -> [OutboxRecord] {
        try database.read { db in
            var request = OutboxRecord
                .filter(OutboxRecord.Columns.accountId == accountId && OutboxRecord.Columns.state == OutboxRecord.State.queued.rawValue)
                .filter(OutboxRecord.Columns.held == false)
                .filter(OutboxRecord.Columns.sendAfter == nil || OutboxRecord.Columns.sendAfter <= now)
            if !ignoringBackoff {
                request = request.filter(OutboxRecord.Columns.nextAttemptAt == nil || OutboxRecord.Columns.nextAttemptAt <= now)
            }
            return try request.order(OutboxRecord.Columns.id).fetchAll(db)
        }
    }

    /// What the outbox of an account still holds, without reading the messages' bytes.
    public func outboxCounts(accountId: Int64, now: Date = Date()) throws -> OutboxCounts {
        try database.read { db in
            var counts = OutboxCounts()
            // A queued message held, or waiting for a send time still to come, is counted
            // apart: it waits by the user's choice, not for a server.
            let rows = try Row.fetchAll(db, sql: """
                SELECT CASE WHEN state = 'queued' AND held THEN 'held'
                            WHEN state = 'queued' AND send_after > ? THEN 'scheduled'
                            ELSE state END AS kind, count(*) AS n
                FROM outbox WHERE account_id = ? GROUP BY kind
                """, arguments: [now, accountId])
            for row in rows {
                let number: Int = row["n"]
                let kind: String = row["kind"]
                if kind == "held" { counts.held += number; continue }
                if kind == "scheduled" { counts.scheduled += number; continue }
                switch OutboxRecord.State(rawValue: kind) {
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
    /// a crash in this state means "send again". A claim: false when the message is no
    /// longer queued and unheld (taken back by undo, held, or sent by another run since
    /// it was read), and then it must not be sent.
    @discardableResult
    public func markSending(id: Int64) throws -> Bool {
        try database.write { db in
            try db.execute(sql: """
                UPDATE outbox SET state = 'sending', attempts = attempts + 1, last_error = NULL
                WHERE id = ? AND state = 'queued' AND NOT held
                """, arguments: [id])
            return db.changesCount == 1
        }
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

    /// Runs `body` while no other process (or thread) sends from this store: an
    /// exclusive `flock` on `<store>-outbox.lock`, waited for. Senders hold it from
    /// `recoverInterruptedSends` to their last message, so a message another live run is
    /// sending is never taken for one a crash interrupted (and sent twice). The kernel
    /// drops the lock of a killed process. Without a lock file (it cannot be made) the
    /// body runs unguarded, as before.
    public func whileSending<T>(_ body: () throws -> T) throws -> T {
        let descriptor = open(path + "-outbox.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return try body() }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { return try body() }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
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

    /// The soonest time a queued, unheld message of the account becomes due by its send
    /// time (nil: none waits for one). The engine wakes then.
    public func nextScheduledSend(accountId: Int64, after now: Date = Date()) throws -> Date? {
        try database.read { db in
            try Date.fetchOne(db, OutboxRecord
                .select(min(OutboxRecord.Columns.sendAfter))
                .filter(OutboxRecord.Columns.accountId == accountId && OutboxRecord.Columns.state == OutboxRecord.State.queued.rawValue)
                .filter(OutboxRecord.Columns.held == false && OutboxRecord.Columns.sendAfter > now))
        }
    }

    /// How many queued messages wait for a later send time or are held (what `merle send`
    /// leaves alone).
    public func waitingOutbox(accountId: Int64, now: Date = Date()) throws -> (scheduled: Int, held: Int) {
        try database.read { db in
            let queued = OutboxRecord.filter(OutboxRecord.Columns.accountId == accountId
                                             && OutboxRecord.Columns.state == OutboxRecord.State.queued.rawValue)
            let held = try queued.filter(OutboxRecord.Columns.held == true).fetchCount(db)
            let scheduled = try queued.filter(OutboxRecord.Columns.held == false && OutboxRecord.Columns.sendAfter > now).fetchCount(db)
            return (scheduled, held)
        }
    }

    /// Holds a message (never sent until released) or releases it. Only a message not
    /// yet sent or being sent can be held.
    public func setOutboxHeld(id: Int64, _ held: Bool) throws {
        let record = try outboxItem(id: id)
        guard [.queued, .failed, .uncertain].contains(record.state) else {
            throw StoreError.invalid("outbox message \(id) is \(record.state.rawValue); only a message not yet sent can be held or released")
        }
        try setOutbox(id: id, sql: "held = ?", arguments: [held])
    }

    /// Takes a message back before it goes out (undo send): removes it when it is still
    /// queued and untouched by a sender, in one statement, so it either goes back to the
    /// user or goes out, never both. Returns the record taken back, or nil when it is too
    /// late (already sending or sent).
    public func takeBackOutbox(id: Int64) throws -> OutboxRecord? {
        try database.write { db in
            guard let record = try OutboxRecord.fetchOne(db, key: id), record.state == .queued else { return nil }
            try db.execute(sql: "DELETE FROM outbox WHERE id = ? AND state = 'queued'", arguments: [id])
            return db.changesCount == 1 ? record : nil
        }
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
