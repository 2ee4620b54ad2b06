import Foundation
import GRDB

/// One pending offline operation, replayed against the server in id order.
public struct JournalEntry: StoredRecord, Identifiable, Equatable {
    public static let databaseTableName = "journal"

    /// The columns queries name (the one place their SQL names are written).
    public enum Columns {
        public static let id = Column("id")
        public static let accountId = Column("account_id")
        public static let state = Column("state")
        public static let operation = Column("operation")
        public static let payload = Column("payload")
    }

    /// Whether the entry still waits for replay or failed and needs attention.
    public enum State: String, Codable, Sendable {
        case pending, failed
    }

    public var id: Int64?
    public var accountId: Int64
    /// The operation's name, e.g. `flag-add`, `move`, `append`.
    public var operation: String
    /// JSON arguments of the operation.
    public var payload: String
    public var state: State
    public var attempts: Int
    public var lastError: String?
    public var createdAt: Date?

    public init(id: Int64? = nil, accountId: Int64, operation: String, payload: String,
                state: State = .pending, attempts: Int = 0, lastError: String? = nil, createdAt: Date? = Date()) {
        self.id = id
        self.accountId = accountId
        self.operation = operation
        self.payload = payload
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
