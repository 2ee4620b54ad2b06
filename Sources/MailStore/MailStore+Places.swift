import Foundation
import GRDB

/// Where a message or folder lives: its account and folder, for the engine, which
/// must know which account's server to ask.
extension MailStore {
    /// The account name and folder of message `id`, or nil when it is gone.
    public func messagePlace(id: Int64) throws -> (account: String, folderId: Int64)? {
        try database.read { db in
            try Row.fetchOne(db, sql: """
                SELECT account.name, message.folder_id FROM message JOIN folder ON folder.id = message.folder_id
                JOIN account ON account.id = folder.account_id WHERE message.id = ?
                """, arguments: [id]).map { (account: $0[0], folderId: $0[1]) }
        }
    }

    /// Folder `id` and the name of its account, or nil when it is gone.
    public func folderPlace(id: Int64) throws -> (account: String, folder: FolderRecord)? {
        try database.read { db in
            guard let folder = try FolderRecord.fetchOne(db, key: id),
                  let account = try AccountRecord.fetchOne(db, key: folder.accountId) else { return nil }
            return (account.name, folder)
        }
    }

    /// The ids of a folder's messages with these UIDs (the server's SEARCH results).
    public func messageIds(folderId: Int64, uids: [UInt32]) throws -> [Int64] {
        try database.read { db in
            var ids: [Int64] = []
            for start in stride(from: 0, to: uids.count, by: 500) {
                let chunk = uids[start..<min(start + 500, uids.count)]
                ids += try Int64.fetchAll(db, sql: "SELECT id FROM message WHERE folder_id = ? AND uid IN (\(chunk.map { String($0) }.joined(separator: ",")))",
                                          arguments: [folderId])
            }
            return ids
        }
    }

    /// The name of the account with this id.
    public func accountName(id: Int64) throws -> String {
        guard let account = try database.read({ db in try AccountRecord.fetchOne(db, key: id) }) else {
            throw StoreError.notFound("account \(id)")
        }
        return account.name
    }

    /// The id of the account called `name`.
    public func accountId(named name: String) throws -> Int64 {
        guard let account = try database.read({ db in try AccountRecord.filter(AccountRecord.Columns.name == name).fetchOne(db) }) else {
            throw StoreError.notFound("account \"\(name)\"")
        }
        return account.id!
    }

    /// The folders that hold these messages now.
    public func folderIds(ofMessages ids: [Int64]) throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        return try database.read { db in
            var folders = Set<Int64>()
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = ids[start..<min(start + 500, ids.count)]
                folders.formUnion(try Int64.fetchAll(db, sql: "SELECT DISTINCT folder_id FROM message WHERE id IN (\(chunk.map(String.init).joined(separator: ",")))"))
            }
            return folders
        }
    }

    /// One folder with its counts, as `folderSummaries` lists it; nil when it is gone.
    public func folderSummary(id: Int64) throws -> FolderSummary? {
        try folderSummaries(folderId: id).first
    }
}
