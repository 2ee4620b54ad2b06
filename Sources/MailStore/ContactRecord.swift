import Foundation
import GRDB

/// An address seen in mail or written to, ranked for completion.
public struct ContactRecord: StoredRecord, Identifiable, Equatable {
    public static let databaseTableName = "contact"

    public var id: Int64?
    public var address: String
    public var name: String
    public var seenCount: Int
    public var usedCount: Int
    public var lastUsedAt: Date?

    public init(id: Int64? = nil, address: String, name: String = "", seenCount: Int = 0,
                usedCount: Int = 0, lastUsedAt: Date? = nil) {
        self.id = id
        self.address = address
        self.name = name
        self.seenCount = seenCount
        self.usedCount = usedCount
        self.lastUsedAt = lastUsedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
