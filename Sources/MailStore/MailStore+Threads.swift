import Foundation
import GRDB

/// What threading a folder needs: the reference fields of every message, and the rows of
/// a window by id. The thread tree itself is built by MailMessage's `Threader`.
extension MailStore {
    /// A message's threading fields, without its body or display fields.
    public struct ThreadingRow: Sendable, Equatable {
        public var id: Int64
        public var messageID: String?
        public var inReplyTo: String?
        /// The References header: message ids separated by spaces.
        public var references: String?
        public var subject: String
        public var date: Date?

        public init(id: Int64, messageID: String?, inReplyTo: String?, references: String?, subject: String, date: Date?) {
            self.id = id
            self.messageID = messageID
            self.inReplyTo = inReplyTo
            self.references = references
            self.subject = subject
            self.date = date
        }
    }

    /// The threading fields of every message in a folder.
    public func threadingRows(folderId: Int64) throws -> [ThreadingRow] {
        try database.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, header_message_id, in_reply_to, references_header, subject, coalesce(date, internal_date) AS date
                FROM message WHERE folder_id = ?
                """, arguments: [folderId])
            var result: [ThreadingRow] = []
            while let row = try rows.next() {
                result.append(ThreadingRow(id: row["id"], messageID: row["header_message_id"], inReplyTo: row["in_reply_to"],
                                           references: row["references_header"], subject: row["subject"], date: row["date"]))
            }
            return result
        }
    }

    /// Messages by id, in the order of `ids` (ids no longer in the store are left out).
    public func messages(ids: [Int64]) throws -> [MessageRecord] {
        guard !ids.isEmpty else { return [] }
        let found = try database.read { db in
            try MessageRecord.filter(ids.contains(Column("id"))).fetchAll(db)
        }
        let byId = Dictionary(found.map { ($0.id!, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byId[$0] }
    }
}
