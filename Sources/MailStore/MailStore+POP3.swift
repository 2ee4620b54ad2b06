import Foundation
import GRDB
import MailMessage

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

    /// A downloaded message with what the store derives from it, computed before the
    /// write transaction (on other threads): the row from its header and, as for a
    /// whole message the IMAP mirror fetches, its hash and attachment mark (its text is indexed later).
    public struct PreparedDownload: Sendable {
        public var uidl: String
        var record: MessageRecord
        var body: PreparedBody
        var autocrypt: AutocryptObservation?

        public init(uidl: String, raw: [UInt8], folderId: Int64, downloadedAt: Date) {
            self.uidl = uidl
            // POP3 has no UIDs: the store numbers messages when it writes them.
            let prepared = PreparedHeader(MirrorHeader(uid: 0, flags: [], internalDate: downloadedAt, size: Int64(raw.count),
                                                       bytes: raw, isComplete: true), folderId: folderId)
            record = prepared.record
            autocrypt = prepared.autocrypt
            body = prepared.body!  // a complete message has its body
        }
    }

    /// Stores downloaded messages, each with its UIDL, in one transaction: a kill leaves
    /// all of them recorded or none. Returns the new message ids, in order.
    @discardableResult
    public func storeDownloaded(accountId: Int64, folderId: Int64, _ messages: [PreparedDownload], now: Date = Date()) throws -> [Int64] {
        guard !messages.isEmpty else { return [] }
        return try database.write { db in
            // Local UIDs in download order, after the folder's highest.
            var uid = try Int64.fetchOne(db, sql: "SELECT max(uid) FROM message WHERE folder_id = ?", arguments: [folderId]) ?? 0
            let autocrypt = try AutocryptObserver(db, folderId: folderId)
            let downloadedAt = now.databaseValue
            let recordUIDL = try db.cachedStatement(sql: """
                INSERT INTO pop3_uidl (account_id, uidl, message_id, downloaded_at) VALUES (?, ?, ?, ?)
                """)
            return try MessageInserter.batch(db, bodies: bodies) { inserter in
                var ids: [Int64] = []
                ids.reserveCapacity(messages.count)
                for message in messages {
                    var record = message.record
                    uid += 1
                    record.uid = uid
                    let id = try inserter.insert(record, body: .bytes(message.body.raw), searchText: nil).id
                    try recordUIDL.execute(arguments: [accountId, message.uidl, id, downloadedAt])
                    try autocrypt.observe(message.autocrypt)
                    ids.append(id)
                }
                return ids
            }
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
