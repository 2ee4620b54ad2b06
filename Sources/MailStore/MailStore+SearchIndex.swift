import GRDB

/// Search index upkeep: the rows of deleted messages wait in `message_fts_stale` (see
/// the v5 migration) and are removed here, in batches, off the sync's path.
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
}
