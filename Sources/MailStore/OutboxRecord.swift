import Foundation
import GRDB

/// A finished outgoing message waiting for, or done with, SMTP.
public struct OutboxRecord: StoredRecord, Identifiable, Equatable {
    public static let databaseTableName = "outbox"

    /// The columns queries name (the one place their SQL names are written).
    public enum Columns {
        public static let id = Column("id")
        public static let accountId = Column("account_id")
        public static let state = Column("state")
        public static let nextAttemptAt = Column("next_attempt_at")
        public static let sendAfter = Column("send_after")
        public static let held = Column("held")
    }

    /// Where a queued message stands.
    public enum State: String, Codable, Sendable {
        case queued, sending, failed, sent, draft
        /// The connection was lost after the final dot and before the reply: it may
        /// or may not have been delivered, so it is never resent silently.
        case uncertain
    }

    public var id: Int64?
    public var accountId: Int64
    public var raw: Data
    public var envelopeFrom: String
    /// JSON array of recipient addresses, Bcc included.
    public var recipients: String
    public var state: State
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastError: String?
    public var inReplyToMessage: Int64?
    public var createdAt: Date?
    /// The copy for the Sent folder when it differs from `raw` (it keeps the Bcc header).
    public var sentCopy: Data?
    /// Whether a copy goes to Sent once sent (not for a bounce).
    public var filesSentCopy: Bool
    /// Not sent before this time (send later, or the reader's undo delay); nil: at once.
    public var sendAfter: Date?
    /// Held by the user: never sent until released.
    public var held: Bool

    public init(id: Int64? = nil, accountId: Int64, raw: Data, envelopeFrom: String, recipients: [String],
                state: State = .queued, attempts: Int = 0, nextAttemptAt: Date? = nil,
                lastError: String? = nil, inReplyToMessage: Int64? = nil, createdAt: Date? = Date(), sentCopy: Data? = nil,
                filesSentCopy: Bool = true, sendAfter: Date? = nil, held: Bool = false) {
        self.id = id
        self.accountId = accountId
        self.raw = raw
        self.envelopeFrom = envelopeFrom
        let encoded = (try? JSONEncoder().encode(recipients)) ?? Data("[]".utf8)
        self.recipients = String(decoding: encoded, as: UTF8.self)
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.inReplyToMessage = inReplyToMessage
        self.createdAt = createdAt
        self.sentCopy = sentCopy
        self.filesSentCopy = filesSentCopy
        self.sendAfter = sendAfter
        self.held = held
    }

    /// Whether it waits for its send time (or is held) rather than for SMTP: the
    /// scheduled time has not come yet at `now`.
    public func isScheduled(at now: Date) -> Bool {
        guard let sendAfter else { return false }
        return sendAfter > now
    }

    /// The bytes to keep in the Sent folder.
    public var copyForSent: Data { sentCopy ?? raw }

    /// The recipients as a list.
    public var recipientList: [String] {
        (try? JSONDecoder().decode([String].self, from: Data(recipients.utf8))) ?? []
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
