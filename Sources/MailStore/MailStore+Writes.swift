import Foundation
import GRDB

/// Writes used by the sync engine and the demo: each call is one transaction.
extension MailStore {
    /// The account called `name`, created when missing.
    @discardableResult
    public func ensureAccount(name: String, kind: AccountRecord.Kind, email: String) throws -> AccountRecord {
        try database.write { db in
            if let existing = try AccountRecord.filter(AccountRecord.Columns.name == name).fetchOne(db) { return existing }
            var account = AccountRecord(name: name, kind: kind, email: email)
            try account.insert(db)
            return account
        }
    }

    /// The folder `name` of an account, created when missing.
    @discardableResult
    public func ensureFolder(accountId: Int64, name: String, specialUse: String? = nil) throws -> FolderRecord {
        try database.write { db in
            if let existing = try FolderRecord.filter(FolderRecord.Columns.accountId == accountId && FolderRecord.Columns.name == name).fetchOne(db) {
                return existing
            }
            var folder = FolderRecord(accountId: accountId, name: name, specialUse: specialUse)
            try folder.insert(db)
            return folder
        }
    }
}

extension MailStore {
    /// A message written here, not downloaded: its row, its bytes and its text for the
    /// search index.
    public struct LocalMessage: Sendable {
        public var record: MessageRecord
        public var raw: Data
        public var searchBody: String

        public init(record: MessageRecord, raw: Data, searchBody: String) {
            self.record = record
            self.raw = raw
            self.searchBody = searchBody
        }
    }

    /// Stores messages made here (the demo, a benchmark's folder) in one transaction,
    /// their bytes inline, through the writer every new message goes through.
    public func insertLocalMessages(_ messages: [LocalMessage]) throws {
        try database.write { db in
            try MessageInserter.batch(db, bodies: nil) { inserter in
                for message in messages {
                    try inserter.insert(message.record, body: .bytes([UInt8](message.raw)), searchText: message.searchBody)
                }
            }
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
        let record = self
        let inserted = try MessageInserter.batch(db, bodies: nil) { inserter in
            try inserter.insert(record, body: raw.map { .bytes([UInt8]($0)) }, searchText: searchBody)
        }
        id = inserted.id
        threadId = inserted.threadId
    }
}
