import Foundation
import GRDB

/// Mail brought in from files (`merle import`): stored like downloaded mail (bodies in the
/// packs, text indexed later) and, in an IMAP account, journaled as an APPEND each, in
/// the same transaction, so it reaches the server on the next sync, offline or not, and
/// a kill loses at most the batch being written.
extension MailStore {
    /// A message to import, parsed and hashed before the write (off the writer's thread).
    public struct PreparedImport: Sendable {
        var record: MessageRecord
        var raw: [UInt8]

        /// `raw` with CRLF line ends, as IMAP has it; `internalDate`: when it arrived.
        public init(raw: [UInt8], flags: [String], internalDate: Date?) {
            let prepared = PreparedHeader(MirrorHeader(uid: 0, flags: flags, internalDate: internalDate, size: Int64(raw.count),
                                                       bytes: raw, isComplete: true), folderId: 0)
            record = prepared.record
            record.uid = nil
            self.raw = raw
        }

        public var messageID: String? { record.headerMessageId }
        public var contentHash: String { record.contentHash ?? "" }
        public var size: Int64 { record.size }
        public var flags: [String] { record.flagList }
    }

    /// A message of the target folder that may be a copy of one being imported.
    public struct ImportCandidate: Sendable, Equatable {
        public var id: Int64
        public var messageID: String?
        public var contentHash: String?
        public var size: Int64
        /// Whether its bytes are in the store (else only its size can be compared).
        public var hasBody: Bool
    }

    /// Where an import goes, and what the store knew of it before.
    public struct ImportTarget: Sendable {
        public var folder: FolderRecord
        /// The folder did not exist here: it was created (and, for IMAP, its CREATE journaled).
        public var created: Bool
        /// An IMAP folder the store has never synced: messages already on the server in
        /// it are not known here, so they cannot be recognised.
        public var neverSynced: Bool
    }

    /// The folder `name` of the account (INBOX in any case), created when missing:
    /// journaled for an IMAP account, like `merle folder create`.
    public func importTarget(accountId: Int64, name: String) throws -> ImportTarget {
        try Self.validateFolderName(name)
        return try database.write { db in
            guard let owner = try AccountRecord.fetchOne(db, key: accountId) else { throw StoreError.notFound("account \(accountId)") }
            let folders = try FolderRecord.filter(FolderRecord.Columns.accountId == accountId).fetchAll(db)
            let isInbox = name.uppercased() == "INBOX"
            if let folder = folders.first(where: { $0.name == name || (isInbox && $0.name.uppercased() == "INBOX") }) {
                guard folder.selectable else { throw StoreError.invalid("folder \"\(name)\" cannot hold messages") }
                let pendingCreate = try Self.pendingEntries(accountId: accountId, after: 0, in: db)
                    .contains { JournalOperation(entry: $0) == .createFolder(name: folder.name) }
                return ImportTarget(folder: folder, created: false,
                                    neverSynced: owner.kind == .imap && folder.uidvalidity == nil && !pendingCreate)
            }
            let folder = try createFolder(accountId: accountId, name: isInbox ? "INBOX" : name, specialUse: nil,
                                          journaled: owner.kind == .imap, in: db)
            return ImportTarget(folder: folder, created: true, neverSynced: false)
        }
    }

    /// The folder's messages with one of these Message-IDs or content hashes.
    public func importCandidates(folderId: Int64, messageIDs: [String], contentHashes: [String]) throws -> [ImportCandidate] {
        guard !messageIDs.isEmpty || !contentHashes.isEmpty else { return [] }
        return try database.read { db in
            let ids = Array(Set(messageIDs)), hashes = Array(Set(contentHashes))
            let sql = """
                SELECT id, header_message_id, content_hash, size, EXISTS (SELECT 1 FROM message_body WHERE message_id = message.id) AS has_body
                FROM message WHERE folder_id = ? AND (header_message_id IN (\(Self.placeholders(ids.count)))
                                                      OR content_hash IN (\(Self.placeholders(hashes.count))))
                """
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments([folderId] + ids + hashes)).map { row in
                ImportCandidate(id: row["id"], messageID: row["header_message_id"], contentHash: row["content_hash"],
                                size: row["size"], hasBody: row["has_body"])
            }
        }
    }

    /// Stores imported messages in `folderId` in one transaction and returns their ids.
    /// IMAP: each is a placeholder (no UID) with its APPEND journaled, flags and internal
    /// date kept for it; POP3 and local accounts number them after the folder's highest
    /// UID, as downloads are.
    @discardableResult
    public func storeImported(folderId: Int64, _ messages: [PreparedImport]) throws -> [Int64] {
        guard !messages.isEmpty else { return [] }
        return try database.write { db in
            guard let folder = try FolderRecord.fetchOne(db, key: folderId),
                  let owner = try AccountRecord.fetchOne(db, key: folder.accountId) else { throw StoreError.notFound("folder \(folderId)") }
            let journaled = owner.kind == .imap
            var uid = try Int64.fetchOne(db, sql: "SELECT max(uid) FROM message WHERE folder_id = ?", arguments: [folderId]) ?? 0
            return try MessageInserter.batch(db, bodies: bodies) { inserter in
                var ids: [Int64] = []
                for message in messages {
                    var record = message.record
                    record.folderId = folderId
                    if !journaled {
                        uid += 1
                        record.uid = uid
                    }
                    let id = try inserter.insert(record, body: .bytes(message.raw), searchText: nil).id
                    if journaled {
                        try Self.record(.append(messageId: id, to: folder.name, flags: record.flagList), accountId: owner.id!, in: db)
                    }
                    ids.append(id)
                }
                return ids
            }
        }
    }

    /// A folder's messages in the server's order (by UID; those without one, placeholders
    /// of actions not yet replayed, after them in the order they were made): what an
    /// export writes.
    public func messagesForExport(folderId: Int64) throws -> [MessageRecord] {
        try database.read { db in
            try MessageRecord.filter(MessageRecord.Columns.folderId == folderId)
                .order(sql: "uid IS NULL, uid, id").fetchAll(db)
        }
    }

    /// How many of a folder's messages have no bytes in the store.
    public func messagesWithoutBytes(folderId: Int64) throws -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM message WHERE folder_id = ? AND NOT EXISTS (SELECT 1 FROM message_body WHERE message_id = message.id)
                """, arguments: [folderId]) ?? 0
        }
    }

    static func placeholders(_ count: Int) -> String {
        count == 0 ? "NULL" : Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
