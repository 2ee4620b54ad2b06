import Foundation
import GRDB

/// What the store remembers of a POP3 message it has downloaded.
public struct POP3Download: Sendable, Equatable {
    public var uidl: String
    /// The local message; nil once the user deleted it locally.
    public var messageId: Int64?
    public var downloadedAt: Date
    public var deletedOnServer: Bool
}

/// POP3 downloads: each message is committed together with its UIDL, so a kill at any
/// point neither loses nor duplicates a message.
extension MailStore {
    public func pop3Downloads(accountId: Int64) throws -> [String: POP3Download] {
        try database.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT uidl, message_id, downloaded_at, deleted_on_server FROM pop3_uidl WHERE account_id = ?",
                                        arguments: [accountId])
            var result: [String: POP3Download] = [:]
            for row in rows {
                let uidl: String = row["uidl"]
                result[uidl] = POP3Download(uidl: uidl, messageId: row["message_id"], downloadedAt: row["downloaded_at"],
                                            deletedOnServer: row["deleted_on_server"])
            }
            return result
        }
    }

    /// Stores one downloaded message and its UIDL in one transaction.
    @discardableResult
    public func storeDownloaded(accountId: Int64, folderId: Int64, uidl: String, raw: [UInt8], now: Date = Date()) throws -> Int64 {
        let parsed = MessageRecord.parsing(raw: raw, folderId: folderId, uid: nil, internalDate: now)
        return try storeDownloaded(accountId: accountId, folderId: folderId, uidl: uidl, raw: raw, parsed: parsed, now: now)
    }

    /// Stores a message parsed beforehand (on another thread) and its UIDL in one transaction.
    @discardableResult
    public func storeDownloaded(accountId: Int64, folderId: Int64, uidl: String, raw: [UInt8],
                                parsed: (record: MessageRecord, searchText: String), now: Date = Date()) throws -> Int64 {
        try database.write { db in
            var record = parsed.record
            // POP3 has no UIDs: number messages locally, in download order.
            record.uid = (try Int64.fetchOne(db, sql: "SELECT max(uid) FROM message WHERE folder_id = ?", arguments: [folderId]) ?? 0) + 1
            try record.insert(db, raw: Data(raw), searchBody: parsed.searchText)
            try db.execute(sql: "INSERT INTO pop3_uidl (account_id, uidl, message_id, downloaded_at) VALUES (?, ?, ?, ?)",
                           arguments: [accountId, uidl, record.id, now])
            return record.id!
        }
    }

    /// Records that the server confirmed deleting these messages.
    public func markDeletedOnServer(accountId: Int64, uidls: [String]) throws {
        guard !uidls.isEmpty else { return }
        try database.write { db in
            for uidl in uidls {
                try db.execute(sql: "UPDATE pop3_uidl SET deleted_on_server = 1 WHERE account_id = ? AND uidl = ?",
                               arguments: [accountId, uidl])
            }
        }
    }

    /// Deletes a message locally (the user's action). POP3 accounts keep its UIDL, so
    /// it is not downloaded again.
    public func deleteMessageLocally(id: Int64) throws {
        let deleted = try database.write { db in try MessageRecord.deleteOne(db, key: id) }
        guard deleted else { throw StoreError.notFound("message \(id)") }
    }
}
