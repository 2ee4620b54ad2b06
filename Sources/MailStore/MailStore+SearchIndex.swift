import Foundation
import GRDB
import MailMessage

/// Search index upkeep, off the sync's path: the rows of deleted messages wait in
/// `message_fts_stale` (see the v5 migration) and are removed here in batches; the
/// bodies of downloaded messages wait in `message_fts_pending` (v7) and are indexed here.
extension MailStore {
    /// Index rows of deleted messages not removed yet.
    public func staleSearchRows() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM message_fts_stale") ?? 0 }
    }

    /// Removes the index rows of up to `limit` deleted messages, in one transaction.
    /// Returns how many are left.
    @discardableResult
    public func purgeSearchIndex(limit: Int = 500) throws -> Int {
        try database.write { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT message_id FROM message_fts_stale ORDER BY message_id LIMIT ?", arguments: [limit])
            let deleteRow = try db.cachedStatement(sql: "DELETE FROM message_fts WHERE rowid = ?")
            let forget = try db.cachedStatement(sql: "DELETE FROM message_fts_stale WHERE message_id = ?")
            for id in ids {
                try deleteRow.execute(arguments: [id])
                try forget.execute(arguments: [id])
            }
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM message_fts_stale") ?? 0
        }
    }

    /// Messages whose body text is not searchable yet.
    public func pendingSearchBodies() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM message_fts_pending") ?? 0 }
    }

    /// Indexes the body text of up to `limit` queued messages (and at most about
    /// `budget` bytes of them), newest first (the mail a user searches first), and
    /// returns how many are left. The bodies are read and their text extracted outside
    /// the write transaction, on all cores when `parallel`, so the writer is held only
    /// for the index update; a message deleted or given another body meanwhile is left
    /// to the next call.
    @discardableResult
    public func indexPendingBodies(limit: Int = 200, budget: Int = 16 << 20, parallel: Bool = false) throws -> Int {
        let queued = try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.message_id AS id, m.content_hash AS hash, coalesce(b.pack_length, length(b.raw)) AS size,
                       f.account_id AS account FROM message_fts_pending p
                JOIN message m ON m.id = p.message_id JOIN folder f ON f.id = m.folder_id
                LEFT JOIN message_body b ON b.message_id = p.message_id
                ORDER BY p.message_id DESC LIMIT ?
                """, arguments: [limit]).map { QueuedBody(id: $0["id"], hash: $0["hash"], size: $0["size"], accountId: $0["account"]) }
        }
        guard !queued.isEmpty else { return 0 }
        // Bodies in memory at once stay within the budget (the first one always goes).
        var total = 0
        let batch = Array(queued.prefix { item in
            defer { total += min(item.size ?? 0, Self.largestBodyReadWhole) }
            return total == 0 || total + min(item.size ?? 0, Self.largestBodyReadWhole) <= budget
        })
        let extract: @Sendable (QueuedBody) -> Extracted? = { [self] item in extractText(item) }
        let texts = parallel ? concurrentMap(batch, extract) : batch.map(extract)
        return try database.write { db in
            let stillQueued = try db.cachedStatement(sql: """
                SELECT m.content_hash FROM message_fts_pending p JOIN message m ON m.id = p.message_id WHERE p.message_id = ?
                """)
            let update = try db.cachedStatement(sql: "UPDATE message_fts SET body = ? WHERE rowid = ?")
            let done = try db.cachedStatement(sql: "DELETE FROM message_fts_pending WHERE message_id = ?")
            let markDecrypted = try db.cachedStatement(sql: "INSERT OR IGNORE INTO message_fts_decrypted (message_id) VALUES (?)")
            let unmarkDecrypted = try db.cachedStatement(sql: "DELETE FROM message_fts_decrypted WHERE message_id = ?")
            // Written oldest first: FTS5 writes out what it holds in memory as a new
            // segment whenever a row id is lower than the last one, so the newest-first
            // order of the read made a segment per message, and merging them was most
            // of the indexing (9,700 bodies: 8.0-8.2 s, oldest first 6.6-7.5).
            for (item, extracted) in zip(batch, texts).reversed() {
                // Not extracted (a temporary copy could not be written): stays queued.
                guard let extracted else { continue }
                // Deleted meanwhile, or its body replaced (another hash): left to the next call.
                guard let row = try Row.fetchOne(stillQueued, arguments: [item.id]), row[0] as String? == item.hash else { continue }
                if case let .text(text, decrypted) = extracted {
                    try update.execute(arguments: [text, item.id])
                    if db.changesCount == 0 { try Self.insertSearchRow(db, messageId: item.id, body: text) }
                    try (decrypted ? markDecrypted : unmarkDecrypted).execute(arguments: [item.id])
                }
                try done.execute(arguments: [item.id])
            }
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM message_fts_pending") ?? 0
        }
    }

    /// The text of one queued body: read whole when small, from a temporary copy a
    /// window at a time when big; nil when that copy cannot be written.
    private func extractText(_ item: QueuedBody) -> Extracted? {
        guard let size = item.size else { return .noBody }
        let message: MIMEMessage
        if size <= Self.largestBodyReadWhole {
            guard let raw = try? rawMessage(id: item.id) else { return nil }
            message = MessageParser.parse([UInt8](raw))
        } else {
            guard let file = try? rawMessageFile(id: item.id) else { return nil }
            message = MIMEMessage(file: file)
        }
        if let decrypted = decryptedSearchText(message, accountId: item.accountId) { return .text(decrypted, decrypted: true) }
        return .text(Self.searchText(message), decrypted: false)
    }

    /// Bodies up to this size are read into memory to be indexed; bigger ones from a
    /// temporary copy (see `rawMessageFile`).
    static let largestBodyReadWhole = 4 << 20

    /// A whole search row for a message that has none, from its stored fields.
    static func insertSearchRow(_ db: Database, messageId: Int64, body: String) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT subject, from_name, from_address, to_addresses, cc_addresses FROM message WHERE id = ?",
                                         arguments: [messageId]) else { return }
        let addresses = ["from_name", "from_address", "to_addresses", "cc_addresses"].map { (row[$0] as String?) ?? "" }
        try writeSearchRow(db, messageId: messageId, subject: (row["subject"] as String?) ?? "", addresses: addresses.joined(separator: " "), body: body)
    }

    /// Writes one message's search row, one row per statement: FTS5 writes what it holds
    /// in memory out as a new segment at every statement that opens a statement journal
    /// (an `INSERT ... SELECT` does), so a batch's rows are written this way, after the
    /// batch's other rows and in the order of their ids (`MessageInserter.batch`).
    static func writeSearchRow(_ db: Database, messageId: Int64, subject: String?, addresses: String?, body: String?) throws {
        try db.cachedStatement(sql: "INSERT INTO message_fts (rowid, subject, addresses, body) VALUES (?, ?, ?, ?)")
            .execute(arguments: [messageId, subject, addresses, body])
    }
}

/// A message waiting for the index: its id, content hash, stored size (nil: no body)
/// and account.
private struct QueuedBody: Sendable {
    var id: Int64
    var hash: String?
    var size: Int?
    var accountId: Int64?
}

/// What a queued message gives the index.
private enum Extracted: Sendable {
    /// The text, and whether it was decrypted (`EncryptedBodySearch`).
    case text(String, decrypted: Bool)
    /// No body stored (nothing to index).
    case noBody
}
