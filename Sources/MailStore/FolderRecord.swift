import Foundation
import GRDB

/// A mailbox of an account and its IMAP sync state.
public struct FolderRecord: StoredRecord, Identifiable, Equatable {
    public static let databaseTableName = "folder"

    /// The columns queries name (the one place their SQL names are written).
    public enum Columns {
        public static let accountId = Column("account_id")
        public static let name = Column("name")
    }

    public var id: Int64?
    public var accountId: Int64
    public var name: String
    public var delimiter: String?
    /// The SPECIAL-USE attribute (RFC 6154), e.g. `\Sent`.
    public var specialUse: String?
    public var subscribed: Bool
    public var selectable: Bool
    public var uidvalidity: Int64?
    public var uidnext: Int64?
    public var highestmodseq: Int64?
    public var lastSyncAt: Date?

    public init(id: Int64? = nil, accountId: Int64, name: String, delimiter: String? = "/",
                specialUse: String? = nil, subscribed: Bool = true, selectable: Bool = true,
                uidvalidity: Int64? = nil, uidnext: Int64? = nil, highestmodseq: Int64? = nil,
                lastSyncAt: Date? = nil) {
        self.id = id
        self.accountId = accountId
        self.name = name
        self.delimiter = delimiter
        self.specialUse = specialUse
        self.subscribed = subscribed
        self.selectable = selectable
        self.uidvalidity = uidvalidity
        self.uidnext = uidnext
        self.highestmodseq = highestmodseq
        self.lastSyncAt = lastSyncAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
