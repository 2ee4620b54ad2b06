import Foundation
import GRDB

/// Inserts new messages with statements prepared once (cached per connection): the row,
/// its raw bytes, its search index row and its thread links, without encoding each record
/// through `Codable`. Every path that stores a new message goes through here, a batch at a
/// time (POP3, the IMAP mirror) or one at a time (`MessageRecord.insert(_:raw:searchBody:)`),
/// inside `MessageInserter.batch`, which writes the batch's search rows at its end.
final class MessageInserter {
    private let db: Database
    private let message: Statement
    private let bodies: BodyPacks?
    private let pending: Statement
    private let threads: ThreadLinker
    /// Search rows (id, subject, addresses, text) written at the end of the batch, in the
    /// order of their ids: FTS5 writes what it holds in memory out as a new segment at
    /// every statement that opens a statement journal (the message row's insert, with its
    /// triggers, does), so rows written between those made a segment per message.
    private var searchRows: [(id: Int64, subject: String, addresses: String, text: String)] = []

    /// Every column of `message` but the id, in this order (see `arguments`).
    private static let columns = [
        "folder_id", "uid", "modseq", "flags", "internal_date", "date", "size", "header_message_id", "in_reply_to",
        "references_header", "subject", "from_name", "from_address", "to_addresses", "cc_addresses", "thread_id",
        "has_attachment", "content_hash", "body_state", "body_structure", "crypto_mark",
    ]

    /// Runs `insert` with an inserter for `db`, then writes the search rows of the
    /// messages it inserted. `bodies`: where raw bytes go (nil: inline in `message_body.raw`).
    static func batch<Result>(_ db: Database, bodies: BodyPacks?, _ insert: (MessageInserter) throws -> Result) throws -> Result {
        let inserter = try MessageInserter(db, bodies: bodies)
        let result = try insert(inserter)
        try inserter.writeSearchRows()
        return result
    }

    private init(_ db: Database, bodies: BodyPacks?) throws {
        self.db = db
        self.bodies = bodies
        let placeholders = Array(repeating: "?", count: Self.columns.count).joined(separator: ", ")
        message = try db.cachedStatement(sql: "INSERT INTO message (\(Self.columns.joined(separator: ", "))) VALUES (\(placeholders))")
        pending = try db.cachedStatement(sql: "INSERT OR IGNORE INTO message_fts_pending (message_id) VALUES (?)")
        threads = try ThreadLinker(db)
    }

    /// Inserts a new message (its `id` is ignored) and returns its id and thread. Without
    /// `body` only the row and its index entry (at the end of the batch) are written (a
    /// header waiting for its body).
    /// A nil `searchText` with `body` indexes subject and addresses now and queues the body
    /// text for `MailStore.indexPendingBodies` (downloads: see the v7 migration).
    @discardableResult
    func insert(_ record: MessageRecord, body: BodyToStore?, searchText: String?) throws -> (id: Int64, threadId: Int64) {
        // The thread is found before the insert so the row is written once with it (a
        // message starting a thread gets its own id from the store's trigger).
        let keys = ThreadLinker.keys(messageID: record.headerMessageId, inReplyTo: record.inReplyTo, references: record.referencesHeader)
        let found = try threads.threads(sharing: keys)
        var record = record
        record.threadId = found.min()
        try message.execute(arguments: Self.arguments(record))
        let id = db.lastInsertedRowID
        try threads.attach(messageId: id, keys: keys, thread: record.threadId ?? id, joining: found)
        if let body { try StoredBody.write(db, messageId: id, body, into: bodies) }
        let addresses = [record.fromName, record.fromAddress, record.toAddresses, record.ccAddresses].joined(separator: " ")
        searchRows.append((id, record.subject, addresses, searchText ?? ""))
        if searchText == nil, body != nil { try pending.execute(arguments: [id]) }
        return (id, record.threadId ?? id)
    }

    private func writeSearchRows() throws {
        for row in searchRows.sorted(by: { $0.id < $1.id }) {
            try MailStore.writeSearchRow(db, messageId: row.id, subject: row.subject, addresses: row.addresses, body: row.text)
        }
        searchRows = []
    }

    /// The row's values; dates written by `StoredDate` (as GRDB writes them, without
    /// Foundation's formatter).
    private static func arguments(_ record: MessageRecord) -> StatementArguments {
        [record.folderId, record.uid, record.modseq, record.flags, record.internalDate.map(StoredDate.init),
         record.date.map(StoredDate.init), record.size,
         record.headerMessageId, record.inReplyTo, record.referencesHeader, record.subject, record.fromName,
         record.fromAddress, record.toAddresses, record.ccAddresses, record.threadId, record.hasAttachment,
         record.contentHash, record.bodyState, record.bodyStructure, record.cryptoMark]
    }
}
