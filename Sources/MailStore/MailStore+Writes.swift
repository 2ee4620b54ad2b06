import Foundation
import GRDB

/// Writes used by the sync engine and the demo: each call is one transaction.
extension MailStore {
    /// The account called `name`, created when missing.
    @discardableResult
    public func ensureAccount(name: String, kind: AccountRecord.Kind, email: String) throws -> AccountRecord {
        try database.write { db in
            if let existing = try AccountRecord.filter(Column("name") == name).fetchOne(db) { return existing }
            var account = AccountRecord(name: name, kind: kind, email: email)
            try account.insert(db)
            return account
        }
    }

    /// The folder `name` of an account, created when missing.
    @discardableResult
    public func ensureFolder(accountId: Int64, name: String, specialUse: String? = nil) throws -> FolderRecord {
        try database.write { db in
            if let existing = try FolderRecord.filter(Column("account_id") == accountId && Column("name") == name).fetchOne(db) {
                return existing
            }
            var folder = FolderRecord(accountId: accountId, name: name, specialUse: specialUse)
            try folder.insert(db)
            return folder
        }
    }
}

extension MessageRecord {
    /// Inserts the message, its raw bytes (when given), its search index row and its thread
    /// links together.
    /// One message through the batch writer (`MessageInserter`, statements cached per
    /// connection), so single and batch inserts write the same rows the same way.
    public mutating func insert(_ db: Database, raw: Data?, searchBody: String) throws {
        // One at a time, inline: a pack is for the bulk of downloads (see the v9 migration).
        var inserter = try MessageInserter(db, bodies: nil)
        let inserted = try inserter.insert(self, body: raw.map { .bytes([UInt8]($0)) }, searchText: searchBody)
        id = inserted.id
        threadId = inserted.threadId
    }
}
