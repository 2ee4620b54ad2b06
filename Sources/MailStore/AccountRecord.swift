import Foundation
import GRDB

/// One configured account, as the store knows it (the config holds the server settings).
public struct AccountRecord: StoredRecord, Identifiable, Equatable {
    public static let databaseTableName = "account"

    /// The columns queries name (the one place their SQL names are written).
    public enum Columns {
        public static let name = Column("name")
    }

    /// Where an account's mail comes from.
    public enum Kind: String, Codable, Sendable {
        case imap, pop3, local
    }

    public var id: Int64?
    public var name: String
    public var kind: Kind
    public var email: String

    public init(id: Int64? = nil, name: String, kind: Kind, email: String) {
        self.id = id
        self.name = name
        self.kind = kind
        self.email = email
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
