import Foundation
import GRDB
import MailMessage

/// The IMAP mirror's writes and the reads the sync engine needs.
///
/// Every call is one transaction, so a kill at any point leaves either the whole batch
/// or nothing. A message row is unique per (folder, UID): storing the same UID twice
/// updates it, never duplicates it. Messages without a UID (local-only) are never
/// touched here, except to be re-matched after a UIDVALIDITY change.
extension MailStore {
    /// What the server said about one message before its body: enough to list it.
    public struct MirrorHeader: Sendable {
        public var uid: Int64
        public var modseq: Int64?
        /// Flags as the server spells them (without the session flag `\Recent`).
        public var flags: [String]
        public var internalDate: Date?
        /// RFC822.SIZE: the exact size of the raw message.
        public var size: Int64
        /// The header block (BODY.PEEK[HEADER]); or the whole message when `isComplete`.
        public var bytes: [UInt8]
        /// Whether `bytes` is the whole message (then it is stored as the body too).
        public var isComplete: Bool
        /// A short text form of BODYSTRUCTURE, e.g. `multipart/mixed(text/plain,image/png)`.
        public var bodyStructure: String?
        /// Whether BODYSTRUCTURE shows an attachment (refined once the body is parsed).
        public var hasAttachment: Bool

        public init(uid: Int64, modseq: Int64? = nil, flags: [String], internalDate: Date?, size: Int64,
                    bytes: [UInt8], isComplete: Bool = false, bodyStructure: String? = nil, hasAttachment: Bool = false) {
            self.uid = uid
            self.modseq = modseq
            self.flags = flags
            self.internalDate = internalDate
            self.size = size
            self.bytes = bytes
            self.isComplete = isComplete
            self.bodyStructure = bodyStructure
            self.hasAttachment = hasAttachment
        }
    }

    /// New flags (and mod-sequence) for a message already in the mirror.
    public struct MirrorFlagChange: Sendable, Equatable {
        public var uid: Int64
        public var flags: [String]
        public var modseq: Int64?

        public init(uid: Int64, flags: [String], modseq: Int64? = nil) {
            self.uid = uid
            self.flags = flags
            self.modseq = modseq
        }
    }

    /// A mirrored message as the sync engine compares it with the server.
    public struct MirrorEntry: Sendable, Equatable {
        public var id: Int64
        public var uid: Int64
        public var flags: String
        public var modseq: Int64?
    }

    /// What storing a batch of headers did.
    public struct MirrorHeaderOutcome: Sendable, Equatable {
        /// New message rows.
        public var inserted = 0
        /// Rows that existed already under this UID (a resumed batch); their flags were updated.
        public var updated = 0
        /// Messages from before a UIDVALIDITY change found again and given their new UID.
        public var rematched = 0

        public init(inserted: Int = 0, updated: Int = 0, rematched: Int = 0) {
            self.inserted = inserted
            self.updated = updated
            self.rematched = rematched
        }
    }

    /// A message whose body the engine should fetch.
    public struct MissingBody: Sendable, Equatable {
        public var uid: Int64
        public var size: Int64
    }

    // MARK: - Folder state

    /// The folders of an account, by name.
    public func mirrorFolders(accountId: Int64) throws -> [FolderRecord] {
        try database.read { db in
            try FolderRecord.filter(FolderRecord.Columns.accountId == accountId).order(FolderRecord.Columns.name).fetchAll(db)
        }
    }

    /// Creates or updates a folder from the server's LIST: attributes only, never its sync state.
    @discardableResult
    public func saveListedFolder(accountId: Int64, name: String, delimiter: String?, specialUse: String?,
                                 subscribed: Bool, selectable: Bool) throws -> FolderRecord {
        try database.write { db in
            if var folder = try FolderRecord.filter(FolderRecord.Columns.accountId == accountId && FolderRecord.Columns.name == name).fetchOne(db) {
                // A resync lists every folder again; unchanged ones cost no write.
                if folder.delimiter == delimiter, folder.specialUse == specialUse, folder.subscribed == subscribed,
                   folder.selectable == selectable {
                    return folder
                }
                folder.delimiter = delimiter
                folder.specialUse = specialUse
                folder.subscribed = subscribed
                folder.selectable = selectable
                try folder.update(db)
                return folder
            }
            var folder = FolderRecord(accountId: accountId, name: name, delimiter: delimiter, specialUse: specialUse,
                                      subscribed: subscribed, selectable: selectable)
            try folder.insert(db)
            return folder
        }
    }

    /// Renames a folder in place (its messages, bodies and ids stay).
    public func renameMirrorFolder(id: Int64, to name: String) throws {
        try database.write { db in
            // A stale row of the new name (e.g. listed before as a separate folder) gives way.
            if let accountId = try Int64.fetchOne(db, sql: "SELECT account_id FROM folder WHERE id = ?", arguments: [id]) {
                try db.execute(sql: """
                    DELETE FROM folder WHERE account_id = ? AND name = ? AND id <> ?
                      AND NOT EXISTS (SELECT 1 FROM message WHERE message.folder_id = folder.id AND message.uid IS NULL
                                      AND message.id NOT IN (SELECT message_id FROM imap_rematch))
                    """, arguments: [accountId, name, id])
            }
            try db.execute(sql: "UPDATE folder SET name = ? WHERE id = ?", arguments: [name, id])
        }
    }

    /// Removes a folder the server no longer has, with its mirrored messages. A folder
    /// holding local-only messages (no UID yet) is kept, marked not selectable, so
    /// nothing that exists only here is lost; returns false then.
    @discardableResult
    public func removeMirrorFolder(id: Int64) throws -> Bool {
        try database.write { db in
            let localOnly = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM message WHERE folder_id = ? AND uid IS NULL
                  AND id NOT IN (SELECT message_id FROM imap_rematch)
                """, arguments: [id]) ?? 0
            if localOnly > 0 {
                try db.execute(sql: "DELETE FROM message WHERE folder_id = ? AND uid IS NOT NULL", arguments: [id])
                try db.execute(sql: """
                    UPDATE folder SET selectable = 0, uidvalidity = NULL, uidnext = NULL, highestmodseq = NULL WHERE id = ?
                    """, arguments: [id])
                return false
            }
            try db.execute(sql: "DELETE FROM folder WHERE id = ?", arguments: [id])
            return true
        }
    }

    /// Records the UIDVALIDITY of a folder seen for the first time (its sync has begun).
    public func beginMirror(folderId: Int64, uidvalidity: Int64) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE folder SET uidvalidity = ?, uidnext = NULL, highestmodseq = NULL WHERE id = ?",
                           arguments: [uidvalidity, folderId])
        }
    }

    /// Records that the folder now mirrors the server up to `uidnext` and `highestmodseq`.
    /// Called only once every header below `uidnext` is stored: until then `uidnext` stays
    /// NULL and the next sync compares the whole UID list (a resumed first sync).
    public func finishMirror(folderId: Int64, uidnext: Int64?, highestmodseq: Int64?, at date: Date = Date()) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE folder SET uidnext = ?, highestmodseq = ?, last_sync_at = ? WHERE id = ?",
                           arguments: [uidnext, highestmodseq, StoredDate(date), folderId])
        }
    }

    /// The server's mailbox was replaced (a new UIDVALIDITY, RFC 9051 §2.3.1.1): every
    /// mirrored message loses its UID and waits to be re-matched; local-only messages,
    /// bodies and journal entries are untouched. Returns how many wait.
    @discardableResult
    public func beginUIDValidityChange(folderId: Int64, uidvalidity: Int64) throws -> Int {
        try database.write { db in
            let old = try Int64.fetchOne(db, sql: "SELECT uidvalidity FROM folder WHERE id = ?", arguments: [folderId])
            try db.execute(sql: """
                INSERT OR IGNORE INTO imap_rematch (message_id, folder_id, old_uid, old_uidvalidity)
                SELECT id, folder_id, uid, ? FROM message WHERE folder_id = ? AND uid IS NOT NULL
                """, arguments: [old, folderId])
            try db.execute(sql: "UPDATE message SET uid = NULL WHERE folder_id = ? AND uid IS NOT NULL", arguments: [folderId])
            try db.execute(sql: "UPDATE folder SET uidvalidity = ?, uidnext = NULL, highestmodseq = NULL WHERE id = ?",
                           arguments: [uidvalidity, folderId])
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM imap_rematch WHERE folder_id = ?", arguments: [folderId]) ?? 0
        }
    }

    /// How many messages of a folder still wait to be re-matched after a UIDVALIDITY change.
    public func pendingRematches(folderId: Int64) throws -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM imap_rematch WHERE folder_id = ?", arguments: [folderId]) ?? 0
        }
    }

    /// Ends a re-match once the new mailbox is fully listed: messages not found again
    /// are gone from the server and leave the mirror. Returns how many left.
    @discardableResult
    public func finishRematch(folderId: Int64) throws -> Int {
        try database.write { db in
            try db.execute(sql: """
                DELETE FROM message WHERE id IN (SELECT message_id FROM imap_rematch WHERE folder_id = ?) AND uid IS NULL
                """, arguments: [folderId])
            let removed = db.changesCount
            try db.execute(sql: "DELETE FROM imap_rematch WHERE folder_id = ?", arguments: [folderId])
            return removed
        }
    }

    // MARK: - Messages

    /// The mirrored messages of a folder by UID: what the engine compares with the server.
    public func mirrorEntries(folderId: Int64) throws -> [Int64: MirrorEntry] {
        try database.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT id, uid, flags, modseq FROM message WHERE folder_id = ? AND uid IS NOT NULL",
                                           arguments: [folderId])
            var entries: [Int64: MirrorEntry] = [:]
            while let row = try rows.next() {
                let uid: Int64 = row["uid"]
                entries[uid] = MirrorEntry(id: row["id"], uid: uid, flags: row["flags"], modseq: row["modseq"])
            }
            return entries
        }
    }

    /// How many messages of a folder have a UID (are mirrored from the server).
    public func mirrorCount(folderId: Int64) throws -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM message WHERE folder_id = ? AND uid IS NOT NULL", arguments: [folderId]) ?? 0
        }
    }

    /// Applies flag changes from the server; UIDs not in the mirror are ignored.
    /// Returns how many messages changed.
    @discardableResult
    public func applyMirrorFlags(folderId: Int64, changes: [MirrorFlagChange]) throws -> Int {
        guard !changes.isEmpty else { return 0 }
        return try database.write { db in
            var changed = 0
            let statement = try db.makeStatement(sql: """
                UPDATE message SET flags = ?, modseq = coalesce(?, modseq)
                WHERE folder_id = ? AND uid = ? AND (flags <> ? OR coalesce(modseq, -1) <> coalesce(?, modseq, -1))
                """)
            for change in changes {
                let flags = change.flags.joined(separator: " ")
                try statement.execute(arguments: [flags, change.modseq, folderId, change.uid, flags, change.modseq])
                changed += db.changesCount
            }
            if changed > 0 { try Self.reapplyPendingFlags(folderId: folderId, in: db) }
            return changed
        }
    }

    /// Removes messages the server expunged. Returns how many were in the mirror.
    @discardableResult
    public func removeMirrorMessages(folderId: Int64, uids: [Int64]) throws -> Int {
        guard !uids.isEmpty else { return 0 }
        // One statement per 500 UIDs, each its own transaction. Inside an explicit
        // transaction SQLite keeps a statement journal (a temporary file) for a DELETE
        // whose cascades and triggers might fail halfway, and 100 expunges, one DELETE
        // each, wrote 21 MB of it (8 MB for one DELETE of 100). A statement alone needs
        // none. Expunges mirrored in part are safe: the folder's modseq moves only once
        // the whole sync is done, so the next sync reports the rest again.
        return try database.writeWithoutTransaction { db in
            var removed = 0
            for chunk in stride(from: 0, to: uids.count, by: 500).map({ uids[$0..<min($0 + 500, uids.count)] }) {
                let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                try db.execute(sql: "DELETE FROM message WHERE folder_id = ? AND uid IN (\(placeholders))",
                               arguments: StatementArguments([folderId] + Array(chunk)))
                removed += db.changesCount
            }
            return removed
        }
    }

    /// A downloaded body with what the store derives from it (hash, search text,
    /// attachment mark), computed before the write transaction so that parsing can run
    /// on other threads while the store writes.
    public struct PreparedBody: Sendable {
        public var uid: Int64
        /// The bytes; empty once `packBodies` has appended them to a pack.
        public var raw: [UInt8]
        /// Where `packBodies` put the bytes.
        var location: BodyPacks.Location?
        var size: Int
        var hash: String
        var hasAttachment: Bool

        /// Hashes and parses `raw`; its text is indexed later (`indexPendingBodies`).
        public init(uid: Int64, raw: [UInt8]) {
            self.uid = uid
            self.raw = raw
            size = raw.count
            hash = ContentHash.sha256Hex(raw)
            hasAttachment = MailStore.hasAttachment(MessageParser.parse(raw))
        }

        /// What the row of `message_body` gets: where the bytes lie, or the bytes.
        var stored: BodyToStore { location.map(BodyToStore.packed) ?? .bytes(raw) }
    }

    /// A header with its parsed row (and body when complete), computed before the write.
    public struct PreparedHeader: Sendable {
        public var header: MirrorHeader
        var record: MessageRecord
        var body: PreparedBody?
        /// What the message says for Autocrypt, applied when it is first stored.
        var autocrypt: AutocryptObservation?

        public init(_ header: MirrorHeader, folderId: Int64) {
            self.header = header
            (record, autocrypt) = MailStore.headerRecord(header, folderId: folderId)
            body = header.isComplete ? PreparedBody(uid: header.uid, raw: header.bytes) : nil
            if let body {
                record.contentHash = body.hash
                record.hasAttachment = body.hasAttachment
                record.bodyState = .full
            }
        }
    }

    /// The row of a message from its header block alone (no rendering).
    static func headerRecord(_ header: MirrorHeader, folderId: Int64) -> (MessageRecord, AutocryptObservation?) {
        // An ASCII header reads the same without the body, and the parser then does not
        // scan the body for a legacy charset on every field (RFC 6532 8-bit headers do).
        let headerEnd = header.isComplete ? Self.headerEnd(header.bytes) : header.bytes.count
        let headerOnly = header.bytes[..<headerEnd].allSatisfy { $0 < 0x80 }
        let message = MessageParser.parse(headerOnly ? Array(header.bytes[..<headerEnd]) : header.bytes)
        let from = message.from.addresses.first
        let record = MessageRecord(
            folderId: folderId, uid: header.uid, modseq: header.modseq, flags: header.flags,
            internalDate: header.internalDate ?? message.date, date: message.date ?? header.internalDate, size: header.size,
            headerMessageId: message.messageID, inReplyTo: message.inReplyTo.first,
            referencesHeader: message.references.isEmpty ? nil : message.references.joined(separator: " "),
            // Stored as decoded, not sanitised: the display layer sanitises what it shows.
            subject: message.subject ?? "", fromName: from?.name ?? "", fromAddress: from?.mailbox ?? "",
            toAddresses: message.to.displayString, ccAddresses: message.cc.displayString,
            hasAttachment: header.hasAttachment, contentHash: nil, bodyState: .none, bodyStructure: header.bodyStructure,
            cryptoMark: cryptoMark(message))
        return (record, AutocryptObservation.of(message))
    }

    /// Signed or encrypted, from the message's own Content-Type (RFC 1847, RFC 3156,
    /// RFC 8551): nothing is decrypted or checked, and inline PGP, which only the body
    /// shows, is not marked.
    public static func cryptoMark(_ message: MIMEMessage) -> CryptoMark? {
        guard let value = message.header("Content-Type")?.value, let type = MediaType(headerValue: value) else { return nil }
        switch type.mimeType {
        case "multipart/signed": return .signed
        case "multipart/encrypted": return .encrypted
        case "application/pkcs7-mime", "application/x-pkcs7-mime":
            return type.parameter("smime-type")?.lowercased() == "signed-data" ? .signed : .encrypted
        default: return nil
        }
    }

    /// Where the header block ends (after its empty line), or the end of the bytes.
    static func headerEnd(_ bytes: [UInt8]) -> Int {
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == 0x0A {
                if bytes[index + 1] == 0x0A { return index + 2 }
                if bytes[index + 1] == 0x0D, index + 2 < bytes.count, bytes[index + 2] == 0x0A { return index + 3 }
            }
            index += 1
        }
        return bytes.count
    }

    /// Stores one batch of new messages' headers (and whole messages when complete) in
    /// one transaction. A UID already present is updated, never duplicated; after a
    /// UIDVALIDITY change a message is first matched to a waiting old row, by content
    /// hash when both sides have the bytes, else by Message-ID and size.
    @discardableResult
    public func storeMirrorHeaders(folderId: Int64, _ headers: [MirrorHeader]) throws -> MirrorHeaderOutcome {
        try storeMirrorHeaders(folderId: folderId, prepared: headers.map { PreparedHeader($0, folderId: folderId) })
    }

    /// Appends the bodies of `prepared` to the packs now, on the caller's thread, and
    /// keeps only where they lie: batches waiting for the writer then hold no message
    /// bytes, so the mirror can write many FETCHes' worth in one transaction (every
    /// commit rewrites the index pages it touched: rows per 16 MB instead of per 2 MB
    /// FETCH made a first sync of 10,000 messages about 10% faster). The bytes become
    /// durable when that transaction commits. Call it inside `bodies.holding`, so no
    /// compaction removes their pack before the rows point at them.
    public func packBodies(_ prepared: [PreparedHeader]) throws -> [PreparedHeader] {
        try prepared.map { item in
            guard var body = item.body, body.location == nil else { return item }
            var item = item
            body.location = try bodies.append(body.raw)
            body.raw = []
            item.body = body
            item.header.bytes = []
            return item
        }
    }

    /// `storeMirrorHeaders` for headers already prepared (parsed) by the caller.
    @discardableResult
    public func storeMirrorHeaders(folderId: Int64, prepared: [PreparedHeader]) throws -> MirrorHeaderOutcome {
        try database.write { db in
            var outcome = MirrorHeaderOutcome()
            let rematching = try Int.fetchOne(db, sql: "SELECT count(*) FROM imap_rematch WHERE folder_id = ?", arguments: [folderId]) ?? 0 > 0
            // Statements prepared once per batch, as for POP3 downloads.
            let findUID = try db.cachedStatement(sql: "SELECT id FROM message WHERE folder_id = ? AND uid = ?")
            let autocrypt = try AutocryptObserver(db, folderId: folderId)
            try MessageInserter.batch(db, bodies: bodies) { inserter in
                for item in prepared {
                    let header = item.header
                    let flags = header.flags.joined(separator: " ")
                    if let existing = try Int64.fetchOne(findUID, arguments: [folderId, header.uid]) {
                        try db.execute(sql: "UPDATE message SET flags = ?, modseq = coalesce(?, modseq) WHERE id = ?",
                                       arguments: [flags, header.modseq, existing])
                        if let body = item.body { try storeBody(db, messageId: existing, body: body) }
                        outcome.updated += 1
                        continue
                    }
                    if rematching, let matched = try rematch(db, folderId: folderId, item: item) {
                        try db.execute(sql: "UPDATE message SET uid = ?, flags = ?, modseq = ?, internal_date = coalesce(?, internal_date) WHERE id = ?",
                                       arguments: [header.uid, flags, header.modseq, header.internalDate, matched])
                        try db.execute(sql: "DELETE FROM imap_rematch WHERE message_id = ?", arguments: [matched])
                        if let body = item.body { try storeBody(db, messageId: matched, body: body) }
                        outcome.rematched += 1
                        continue
                    }
                    // A header alone has no body text; a whole message's text joins the queue.
                    try inserter.insert(item.record, body: item.body?.stored, searchText: item.body == nil ? "" : nil)
                    try autocrypt.observe(item.autocrypt)
                    outcome.inserted += 1
                }
            }
            if outcome.updated + outcome.rematched > 0 { try Self.reapplyPendingFlags(folderId: folderId, in: db) }
            return outcome
        }
    }

    /// The waiting old row that is the same message as `item`, if any.
    private func rematch(_ db: Database, folderId: Int64, item: PreparedHeader) throws -> Int64? {
        if let hash = item.body?.hash, let id = try Int64.fetchOne(db, sql: """
            SELECT message.id FROM imap_rematch JOIN message ON message.id = imap_rematch.message_id
            WHERE imap_rematch.folder_id = ? AND message.content_hash = ? ORDER BY message.id LIMIT 1
            """, arguments: [folderId, hash]) {
            return id
        }
        guard let messageID = item.record.headerMessageId, !messageID.isEmpty else { return nil }
        // Without both sides' bytes: the same Message-ID and the same size. A row whose
        // body is known and differs (content_hash) is a different message.
        return try Int64.fetchOne(db, sql: """
            SELECT message.id FROM imap_rematch JOIN message ON message.id = imap_rematch.message_id
            WHERE imap_rematch.folder_id = ? AND message.header_message_id = ? AND message.size = ?
              AND (? IS NULL OR message.content_hash IS NULL)
            ORDER BY message.id LIMIT 1
            """, arguments: [folderId, messageID, item.header.size, item.body?.hash])
    }

    /// Stores downloaded bodies of mirrored messages in one transaction: the raw bytes,
    /// the fields only the whole message gives (attachments, hash) and the search text.
    /// Returns how many were stored (UIDs no longer in the mirror are skipped).
    @discardableResult
    public func storeMirrorBodies(folderId: Int64, _ bodies: [PreparedBody]) throws -> Int {
        try database.write { db in
            var stored = 0
            for body in bodies {
                guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM message WHERE folder_id = ? AND uid = ?",
                                                  arguments: [folderId, body.uid]) else { continue }
                try storeBody(db, messageId: id, body: body)
                stored += 1
            }
            return stored
        }
    }

    /// Stores the body of one message by its local id (fetched on demand).
    public func storeBody(messageId: Int64, raw: [UInt8]) throws {
        let body = PreparedBody(uid: 0, raw: raw)
        try database.write { db in try storeBody(db, messageId: messageId, body: body) }
    }

    /// Stores a body under a row whose header fields the header pass already filled:
    /// the raw bytes, the content hash and the attachment mark; its text joins the
    /// search index's queue (the row already indexes subject and addresses).
    private func storeBody(_ db: Database, messageId: Int64, body: PreparedBody) throws {
        try StoredBody.write(db, messageId: messageId, body.stored, into: bodies)
        try Self.markBodyStored(db, messageId: messageId, hash: body.hash, hasAttachment: body.hasAttachment, size: body.size)
    }

    /// What storing a body changes besides its bytes (here or a piece at a time, see
    /// `storeMirrorBody`): the row's state, hash, attachment mark and exact size, and
    /// its place in the search index's queue.
    static func markBodyStored(_ db: Database, messageId: Int64, hash: String, hasAttachment: Bool, size: Int) throws {
        try db.execute(sql: "UPDATE message SET body_state = 'full', content_hash = ?, has_attachment = ?, size = ? WHERE id = ?",
                       arguments: [hash, hasAttachment, Int64(size), messageId])
        try db.execute(sql: "INSERT OR IGNORE INTO message_fts_pending (message_id) VALUES (?)", arguments: [messageId])
    }

    /// What only the whole message tells: the text to index and whether it has attachments.
    static func bodyFacts(_ raw: [UInt8]) -> (searchText: String, hasAttachment: Bool) {
        let message = MessageParser.parse(raw)
        return (searchText(message), hasAttachment(message))
    }

    /// A text part bigger than this (as transmitted) is not indexed: decoding it would
    /// hold it whole, and nobody searches inside a 50 MB log pasted into a mail.
    static let largestIndexedPart = 4 << 20

    /// The text to index: text parts decoded in their charset; HTML converted only when
    /// there is no plain text. Lighter than rendering: nothing here is shown on a screen.
    static func searchText(_ message: MIMEMessage) -> String {
        var plain: [String] = []
        var html: [String] = []
        for part in message.body.allParts where part.children.isEmpty && !part.isAttachment && part.encodedSize <= largestIndexedPart {
            if part.mediaType.mimeType == "text/html" {
                if let text = part.decodedText()?.text { html.append(text) }
            } else if let text = part.decodedText()?.text {
                plain.append(text)
            }
        }
        if plain.isEmpty { plain = html.map { HTMLToText.convert($0).text } }
        return plain.joined(separator: "\n")
    }

    /// Whether any leaf part is an attachment; needs the part headers only, no decoding.
    /// The parts that carry a signature or ciphertext are not attachments the sender
    /// chose (RFC 3156, RFC 8551): a signed or encrypted message gets its own letter in
    /// the index (`cryptoMark`), not `@` on every one.
    public static func hasAttachment(_ message: MIMEMessage) -> Bool {
        let root = message.body
        var plumbing: Set<[Int]> = []
        for part in root.allParts where part.mediaType.mimeType == "multipart/encrypted" {
            part.children.forEach { plumbing.insert($0.path) }
        }
        return root.allParts.contains { part in
            part.children.isEmpty && part.isAttachment && !plumbing.contains(part.path)
                && !Self.cryptoPlumbingTypes.contains(part.mediaType.mimeType)
        }
    }

    /// Signatures and the S/MIME envelope: how a message is signed or encrypted, not
    /// what it carries.
    static let cryptoPlumbingTypes: Set<String> = [
        "application/pgp-signature", "application/pgp-encrypted", "application/pkcs7-signature", "application/x-pkcs7-signature",
        "application/pkcs7-mime", "application/x-pkcs7-mime",
    ]

    /// Mirrored messages without a body, newest UID first; only those received on or
    /// after `since` when given.
    public func messagesWithoutBody(folderId: Int64, since: Date? = nil, limit: Int = 1_000_000) throws -> [MissingBody] {
        let (sql, arguments) = Self.missingBodiesQuery(folderId: folderId, since: since, limit: limit)
        return try database.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { MissingBody(uid: $0["uid"], size: $0["size"]) }
        }
    }

    /// Read from the (folder, body state, UID) index of the v8 migration: every sync asks,
    /// and scanning the folder's rows instead cost 0.1 s at 10,000 messages.
    static func missingBodiesQuery(folderId: Int64, since: Date?, limit: Int) -> (String, StatementArguments) {
        var sql = "SELECT uid, size FROM message WHERE folder_id = ? AND body_state = 'none' AND uid IS NOT NULL"
        var arguments: StatementArguments = [folderId]
        if let since {
            sql += " AND coalesce(internal_date, date) >= ?"
            arguments += [since]
        }
        sql += " ORDER BY uid DESC LIMIT ?"
        arguments += [limit]
        return (sql, arguments)
    }

    /// Where a mirrored message lives on the server: its folder and UID. Nil for a
    /// local-only message (no UID yet).
    public func mirrorLocation(messageId: Int64) throws -> (folder: FolderRecord, uid: Int64)? {
        try database.read { db in
            guard let message = try MessageRecord.fetchOne(db, key: messageId) else {
                throw StoreError.notFound("message \(messageId)")
            }
            guard let uid = message.uid, let folder = try FolderRecord.fetchOne(db, key: message.folderId) else { return nil }
            return (folder, uid)
        }
    }
}
