import Foundation
import MailStore
import MerleConfig
import SMTPProtocol
import Transport

/// Sends an account's due outbox messages over one SMTP connection.
///
/// Each message moves through the store's states so that a crash or a lost connection
/// at any point leaves it either safe to resend (`sending` before the final dot) or
/// marked `uncertain` (after it), never silently sent twice.
public struct OutboxSender: Sendable {
    /// What one run did.
    public struct Summary: Sendable, Equatable {
        public var sent = 0
        public var failed = 0
        public var deferred = 0
        public var uncertain = 0
        /// One line per message that did not go out cleanly.
        public var problems: [String] = []

        public init() {}
    }

    /// Progress: (messages done, messages due).
    public typealias Progress = (_ done: Int, _ total: Int) -> Void

    public let store: MailStore
    public let secrets: SecretProvider
    public var timeouts = Timeouts.standard
    public var clientName = "localhost"

    public init(store: MailStore, secrets: @escaping SecretProvider) {
        self.store = store
        self.secrets = secrets
    }

    /// The delay before retry number `attempts` after a temporary failure: 1, 2, 4 …
    /// minutes, at most six hours.
    public static func backoff(attempts: Int) -> TimeInterval {
        min(60 * pow(2, Double(max(0, attempts - 1))), 6 * 3600)
    }

    /// Sends what is due for `account`: messages whose retry time has come, or with
    /// `ignoringBackoff` every queued message (the user asked to send now: `merle send`,
    /// the reader's sync key). Connection and login failures count an attempt for every
    /// message concerned, requeue it with a backoff and are thrown after that, so the
    /// caller can report them.
    @discardableResult
    public func flush(account: AccountConfiguration, now: Date = Date(), ignoringBackoff: Bool = false,
                      progress: Progress = { _, _ in }) throws -> Summary {
        // One sender at a time per store (the reader, `merle send`, `merle sync --watch`
        // may all run): whichever comes first sends a due message, the others then find
        // it gone.
        try store.whileSending {
            try flushAlone(account: account, now: now, ignoringBackoff: ignoringBackoff, progress: progress)
        }
    }

    private func flushAlone(account: AccountConfiguration, now: Date, ignoringBackoff: Bool, progress: Progress) throws -> Summary {
        let accountRecord = try store.ensureAccount(name: account.name, kind: account.incoming.accountKind,
                                                    email: account.email)
        try store.recoverInterruptedSends()
        let due = try store.dueOutbox(accountId: accountRecord.id!, now: now, ignoringBackoff: ignoringBackoff)
        var summary = Summary()
        guard !due.isEmpty else { return summary }
        guard let server = account.smtp else { throw EngineError.noSMTPServer(account: account.name) }

        let session: SMTPSession
        do {
            session = try SMTPSession.connect(to: server.endpoint, mode: server.tls, tls: server.tlsSettings,
                                              timeouts: timeouts, clientName: clientName)
            do {
                if let tokenCommand = server.oauthTokenCommand {
                    try session.authenticate(user: server.user, accessToken: try PasswordCommand.run(tokenCommand, account: account.name))
                } else {
                    try session.authenticate(user: server.user, password: try secrets(account.name, server))
                }
            } catch {
                session.quit()
                throw error
            }
        } catch {
            for message in due {
                try store.requeue(id: message.id!, error: "\(error)", nextAttempt: now + Self.backoff(attempts: message.attempts + 1),
                                  countingAttempt: true)
            }
            throw error
        }
        defer { session.quit() }

        for (index, message) in due.enumerated() {
            let id = message.id!
            // Taken back (undo), held, or sent by another run since the list was read.
            guard try store.markSending(id: id) else { continue }
            do {
                let envelope = SMTPEnvelope(sender: message.envelopeFrom, recipients: message.recipientList,
                                            notify: account.dsnNotify, returnContent: account.dsnReturn)
                let report = try session.send([UInt8](message.raw), envelope: envelope) {
                    try store.markUncertain(id: id)
                }
                if !report.rejected.isEmpty {
                    let words = report.rejected.map { "\($0.address): \($0.reply)" }.joined(separator: "; ")
                    try store.splitOffRejected(id: id, recipients: report.rejected.map(\.address),
                                               error: "refused by the server: \(words)")
                    summary.failed += 1
                    summary.problems.append("message \(id): not delivered to \(words)")
                }
                // IMAP accounts keep a copy in Sent (unless the server files one itself);
                // the journal APPENDs it, online now or later.
                let saveCopy = account.incoming.mailProtocol == .imap && !account.serverSavesSent
                try store.completeSend(outboxId: id, saveCopy: saveCopy)
                summary.sent += 1
                try? session.reset()
            } catch SMTPError.uncertainDelivery(let detail) {
                try store.markUncertain(id: id, reason: "the connection was lost before the server confirmed delivery (\(detail))")
                summary.uncertain += 1
                summary.problems.append("message \(id): delivery uncertain; check the recipient's mailbox, then `merle outbox retry \(id)` or `drop \(id)`")
                try requeueRest(due[(index + 1)...], error: "the connection was lost", now: now, summary: &summary)
                break
            } catch let error as SMTPError {
                switch error {
                case .temporaryFailure, .closed:
                    try store.requeue(id: id, error: "\(error)", nextAttempt: now + Self.backoff(attempts: message.attempts + 1))
                    summary.deferred += 1
                default:
                    try store.markFailed(id: id, error: "\(error)")
                    summary.failed += 1
                }
                summary.problems.append("message \(id): \(error)")
                if case .closed = error {
                    try requeueRest(due[(index + 1)...], error: "the connection was lost", now: now, summary: &summary)
                    break
                }
                try? session.reset()
            } catch {
                // Transport faults before the final dot: nothing was delivered.
                try store.requeue(id: id, error: "\(error)", nextAttempt: now + Self.backoff(attempts: message.attempts + 1))
                summary.deferred += 1
                summary.problems.append("message \(id): \(error)")
                try requeueRest(due[(index + 1)...], error: "\(error)", now: now, summary: &summary)
                break
            }
            progress(index + 1, due.count)
        }
        return summary
    }

    private func requeueRest(_ rest: ArraySlice<OutboxRecord>, error: String, now: Date, summary: inout Summary) throws {
        for message in rest {
            try store.requeue(id: message.id!, error: error, nextAttempt: now)
            summary.deferred += 1
        }
    }
}
