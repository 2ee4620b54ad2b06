import Foundation
import GRDB

/// An address written to or imported from an address book (a vCard), ranked for
/// completion; the senders of stored mail are counted from the messages themselves.
public struct ContactRecord: StoredRecord, Identifiable, Equatable {
    public static let databaseTableName = "contact"

    /// The columns queries name (the one place their SQL names are written).
    public enum Columns {
        public static let address = Column("address")
        public static let name = Column("name")
        public static let usedCount = Column("used_count")
        public static let importedAt = Column("imported_at")
    }

    public var id: Int64?
    public var address: String
    /// The name the address book gives it (an imported vCard's FN); empty when none.
    public var name: String
    public var seenCount: Int
    /// Messages queued to it.
    public var usedCount: Int
    public var lastUsedAt: Date?
    /// When a vCard holding it was last imported; nil when no vCard did.
    public var importedAt: Date?

    public init(id: Int64? = nil, address: String, name: String = "", seenCount: Int = 0,
                usedCount: Int = 0, lastUsedAt: Date? = nil, importedAt: Date? = nil) {
        self.id = id
        self.address = address
        self.name = name
        self.seenCount = seenCount
        self.usedCount = usedCount
        self.lastUsedAt = lastUsedAt
        self.importedAt = importedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
