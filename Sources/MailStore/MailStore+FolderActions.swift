import Foundation
import GRDB

/// The user's folder actions: create, rename and delete, at once in the store and
/// journaled for the server in the same transaction (IMAP accounts), like message actions.
extension MailStore {
    /// Creates a folder in `account`.
    @discardableResult
    public func createFolder(account: String, name: String) throws -> FolderRecord {
        try Self.validateFolderName(name)
        return try database.write { db in
            let owner = try Self.account(named: account, in: db)
            if try FolderRecord.filter(FolderRecord.Columns.accountId == owner.id && FolderRecord.Columns.name == name).fetchCount(db) > 0 {
                throw StoreError.invalid("folder \"\(name)\" exists already")
            }
            return try createFolder(accountId: owner.id!, name: name, specialUse: nil, journaled: owner.kind == .imap, in: db)
        }
    }

    /// Renames a folder of `account`; its messages and their ids stay.
    public func renameFolder(account: String, from oldName: String, to newName: String) throws {
        try Self.validateFolderName(newName)
        try database.write { db in
            let owner = try Self.account(named: account, in: db)
            guard var folder = try FolderRecord.filter(FolderRecord.Columns.accountId == owner.id && FolderRecord.Columns.name == oldName).fetchOne(db) else {
                throw StoreError.notFound("folder \"\(oldName)\" of account \"\(account)\"")
            }
            guard oldName.uppercased() != "INBOX" else { throw StoreError.invalid("INBOX cannot be renamed") }
            if try FolderRecord.filter(FolderRecord.Columns.accountId == owner.id && FolderRecord.Columns.name == newName).fetchCount(db) > 0 {
                throw StoreError.invalid("folder \"\(newName)\" exists already")
            }
            folder.name = newName
            try folder.update(db)
            if owner.kind == .imap { try Self.record(.renameFolder(from: oldName, to: newName), accountId: owner.id!, in: db) }
        }
    }

    /// Deletes a folder of `account` with its messages. Refused while the folder holds a
    /// message that exists only here (not yet on the server), so nothing is lost.
    public func deleteFolder(account: String, name: String) throws {
        try database.write { db in
            let owner = try Self.account(named: account, in: db)
            guard let folder = try FolderRecord.filter(FolderRecord.Columns.accountId == owner.id && FolderRecord.Columns.name == name).fetchOne(db) else {
                throw StoreError.notFound("folder \"\(name)\" of account \"\(account)\"")
            }
            guard name.uppercased() != "INBOX" else { throw StoreError.invalid("INBOX cannot be deleted") }
            let localOnly = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM message WHERE folder_id = ? AND uid IS NULL
                  AND id NOT IN (SELECT message_id FROM imap_rematch)
                """, arguments: [folder.id]) ?? 0
            if owner.kind == .imap, localOnly > 0 {
                throw StoreError.invalid("folder \"\(name)\" holds \(localOnly) message(s) not yet on the server; "
                                         + "sync first, or move them out")
            }
            _ = try FolderRecord.deleteOne(db, key: folder.id)
            if owner.kind == .imap { try Self.record(.deleteFolder(name: name), accountId: owner.id!, in: db) }
        }
    }

    static func account(named name: String, in db: Database) throws -> AccountRecord {
        guard let account = try AccountRecord.filter(AccountRecord.Columns.name == name).fetchOne(db) else {
            throw StoreError.notFound("account \"\(name)\"")
        }
        return account
    }

    /// Folder names are data sent to the server: no control characters, not empty.
    static func validateFolderName(_ name: String) throws {
        guard !name.isEmpty, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }),
              name.trimmingCharacters(in: .whitespaces) == name else {
            throw StoreError.invalid("\"\(name)\" is not a usable folder name (empty, control characters or outer spaces)")
        }
    }
}
