import Foundation
import GRDB
import MailMessage

/// What the thread view reads: a folder's threads as ids and counts (thread ids are kept
/// by `ThreadLinker` as messages arrive), one thread's reference fields, and rows by id.
/// The tree inside a thread is built by MailMessage's `Threader`.
extension MailStore {
    /// One thread of a folder, as the thread view lists it before reading its messages.
    public struct ThreadSummary: Sendable, Equatable {
        /// The thread id (`message.thread_id`).
        public var threadId: Int64
        /// The thread's messages in this folder.
        public var count: Int

        public init(threadId: Int64, count: Int) {
            self.threadId = threadId
            self.count = count
        }
    }

    /// A folder's threads, newest activity first (oldest first when asked; by Date, as the
    /// flat index sorts): only ids and counts, so a million-message folder costs a few
    /// megabytes. Read in order from the kept `folder_thread` table's index alone.
    public func threadSummaries(folderId: Int64, oldestFirst: Bool = false) throws -> [ThreadSummary] {
        let order = oldestFirst ? "ASC" : "DESC"
        return try database.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT thread_id, count FROM folder_thread WHERE folder_id = ?
                ORDER BY latest \(order), thread_id \(order)
                """, arguments: [folderId])
            var result: [ThreadSummary] = []
            while let row = try rows.next() {
                result.append(ThreadSummary(threadId: row[0], count: row[1]))
            }
            return result
        }
    }

    /// The threading fields of some threads' messages in a folder, by thread id, as
    /// `Threader` takes them (ids are the store's, as text), without their bodies or
    /// display fields. One read for them all: the thread view asks for a window's threads
    /// at once, and a read transaction apiece (GRDB's pool, SQLite's locks) was most of
    /// turning threads on.
    public func threadingMessages(folderId: Int64, threadIds: [Int64]) throws -> [Int64: [ThreadableMessage]] {
        guard !threadIds.isEmpty else { return [:] }
        return try database.read { db in
            // Prepared once per connection, and run once per thread so each stays a
            // lookup in the (folder_id, thread_id) index.
            let statement = try db.cachedStatement(sql: """
                SELECT id, header_message_id, in_reply_to, references_header, subject, coalesce(date, internal_date) AS date
                FROM message WHERE folder_id = ? AND thread_id = ?
                """)
            var result: [Int64: [ThreadableMessage]] = [:]
            for threadId in threadIds where result[threadId] == nil {
                result[threadId] = try Row.fetchAll(statement, arguments: [folderId, threadId]).map { row in
                    ThreadableMessage(id: String(row[0] as Int64), messageID: row[1],
                                      inReplyTo: (row[2] as String?).map { [$0] } ?? [],
                                      references: (row[3] as String?)?.split(separator: " ").map(String.init) ?? [],
                                      subject: row[4], date: (row[5] as StoredDate?)?.date)
                }
            }
            return result
        }
    }

    /// The thread a message belongs to, or nil when it is gone.
    public func threadId(ofMessage id: Int64) throws -> Int64? {
        try database.read { db in
            try Int64.fetchOne(db, sql: "SELECT thread_id FROM message WHERE id = ?", arguments: [id])
        }
    }

    /// Messages by id, in the order of `ids` (ids no longer in the store are left out).
    public func messages(ids: [Int64]) throws -> [MessageRecord] {
        guard !ids.isEmpty else { return [] }
        // One statement for any number of ids (a JSON array), prepared once per connection:
        // the thread view reads a screen of rows at every move.
        let list = "[" + ids.map(String.init).joined(separator: ",") + "]"
        let found = try database.read { db in
            try Array(MessageRecord.fetchCursorByPosition(db, sql: "SELECT * FROM message WHERE id IN (SELECT value FROM json_each(?))",
                                                          arguments: [list]))
        }
        let byId = Dictionary(found.map { ($0.id!, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byId[$0] }
    }
}
