import Foundation
import GRDB

/// One message in one folder: its envelope and flags, as listed in the index.
/// The raw bytes live in `message_body`, fetched on demand or by policy.
public struct MessageRecord: StoredRecord, Identifiable, Equatable {
    public static let databaseTableName = "message"

    /// The columns queries name (the one place their SQL names are written).
    public enum Columns {
        public static let id = Column("id")
        public static let folderId = Column("folder_id")
        public static let headerMessageId = Column("header_message_id")
    }

    public var id: Int64?
    public var folderId: Int64
    public var uid: Int64?
    public var modseq: Int64?
    /// Flags and keywords as the server spells them, space-separated.
    public var flags: String
    public var internalDate: Date?
    public var date: Date?
    public var size: Int64
    public var headerMessageId: String?
    public var inReplyTo: String?
    public var referencesHeader: String?
    public var subject: String
    public var fromName: String
    public var fromAddress: String
    public var toAddresses: String
    public var ccAddresses: String
    public var threadId: Int64?
    public var hasAttachment: Bool
    public var contentHash: String?
    public var bodyState: BodyState
    public var bodyStructure: String?
    /// Signed or encrypted, as the top Content-Type says (`MailStore.cryptoMark`); nil for
    /// neither, and for messages stored before the v13 migration. Written by
    /// `MessageInserter` and read by `init(row:)`, but left out of the Codable columns:
    /// a record written through GRDB's encoding then also fits a store older than v13.
    public var cryptoMark: CryptoMark? = nil

    private enum CodingKeys: String, CodingKey {
        case id, folderId, uid, modseq, flags, internalDate, date, size, headerMessageId, inReplyTo, referencesHeader
        case subject, fromName, fromAddress, toAddresses, ccAddresses, threadId, hasAttachment, contentHash, bodyState, bodyStructure
    }

    public init(id: Int64? = nil, folderId: Int64, uid: Int64? = nil, modseq: Int64? = nil,
                flags: [String] = [], internalDate: Date? = nil, date: Date? = nil, size: Int64 = 0,
                headerMessageId: String? = nil, inReplyTo: String? = nil, referencesHeader: String? = nil,
                subject: String = "", fromName: String = "", fromAddress: String = "",
                toAddresses: String = "", ccAddresses: String = "", threadId: Int64? = nil,
                hasAttachment: Bool = false, contentHash: String? = nil, bodyState: BodyState = .none,
                bodyStructure: String? = nil, cryptoMark: CryptoMark? = nil) {
        self.cryptoMark = cryptoMark
        self.id = id
        self.folderId = folderId
        self.uid = uid
        self.modseq = modseq
        self.flags = flags.joined(separator: " ")
        self.internalDate = internalDate
        self.date = date
        self.size = size
        self.headerMessageId = headerMessageId
        self.inReplyTo = inReplyTo
        self.referencesHeader = referencesHeader
        self.subject = subject
        self.fromName = fromName
        self.fromAddress = fromAddress
        self.toAddresses = toAddresses
        self.ccAddresses = ccAddresses
        self.threadId = threadId
        self.hasAttachment = hasAttachment
        self.contentHash = contentHash
        self.bodyState = bodyState
        self.bodyStructure = bodyStructure
    }

    /// The flags as a list, in the order stored.
    public var flagList: [String] {
        flags.split(separator: " ").map(String.init)
    }

    /// Whether the message carries `flag` (IMAP flags compare case-insensitively).
    public func hasFlag(_ flag: String) -> Bool {
        let wanted = flag.utf8
        let wantedIsASCII = wanted.allSatisfy { $0 < 0x80 }
        return flags.utf8.split(separator: UInt8(ascii: " ")).contains { token in
            // Flags are ASCII atoms: compared byte by byte, without Foundation's
            // caseInsensitiveCompare (which copied each flag of every listed row).
            guard wantedIsASCII, token.allSatisfy({ $0 < 0x80 }) else {
                return String(Substring(token)).caseInsensitiveCompare(flag) == .orderedSame
            }
            return token.count == wanted.count && zip(token, wanted).allSatisfy { Self.asciiLower($0) == Self.asciiLower($1) }
        }
    }

    private static func asciiLower(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    /// Whether the message carries a system flag.
    public func has(_ flag: SystemFlag) -> Bool {
        hasFlag(flag.rawValue)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// Read straight from the row, not through `Decodable`: the index reads two hundred
    /// rows at a time, and decoding them through the coding machinery was most of the
    /// cost of a screen of a big folder.
    public init(row: Row) throws {
        id = row["id"]
        folderId = row["folder_id"]
        uid = row["uid"]
        modseq = row["modseq"]
        flags = row["flags"]
        internalDate = (row["internal_date"] as StoredDate?)?.date
        date = (row["date"] as StoredDate?)?.date
        size = row["size"]
        headerMessageId = row["header_message_id"]
        inReplyTo = row["in_reply_to"]
        referencesHeader = row["references_header"]
        subject = row["subject"]
        fromName = row["from_name"]
        fromAddress = row["from_address"]
        toAddresses = row["to_addresses"]
        ccAddresses = row["cc_addresses"]
        threadId = row["thread_id"]
        hasAttachment = row["has_attachment"]
        contentHash = row["content_hash"]
        bodyState = row["body_state"]
        bodyStructure = row["body_structure"]
        cryptoMark = row["crypto_mark"]
    }

    /// Read by column position, the positions found once for the statement: looking up
    /// 22 columns by name in every row was a quarter of listing ten thousand matches.
    init(row: Row, at column: ColumnPositions) {
        id = row[column.id]
        folderId = row[column.folderId]
        uid = row[column.uid]
        modseq = row[column.modseq]
        flags = row[column.flags]
        internalDate = (row[column.internalDate] as StoredDate?)?.date
        date = (row[column.date] as StoredDate?)?.date
        size = row[column.size]
        headerMessageId = row[column.headerMessageId]
        inReplyTo = row[column.inReplyTo]
        referencesHeader = row[column.referencesHeader]
        subject = row[column.subject]
        fromName = row[column.fromName]
        fromAddress = row[column.fromAddress]
        toAddresses = row[column.toAddresses]
        ccAddresses = row[column.ccAddresses]
        threadId = row[column.threadId]
        hasAttachment = row[column.hasAttachment]
        contentHash = row[column.contentHash]
        // The two enums from their text: GRDB's generic path for raw values looked up
        // type metadata for every row.
        bodyState = (row[column.bodyState] as String?).flatMap(BodyState.init(rawValue:)) ?? BodyState.none
        bodyStructure = row[column.bodyStructure]
        cryptoMark = (row[column.cryptoMark] as String?).flatMap(CryptoMark.init(rawValue:))
    }

    /// Where each of `message`'s columns sits in a statement's rows.
    struct ColumnPositions {
        let id, folderId, uid, modseq, flags, internalDate, date, size: Int
        let headerMessageId, inReplyTo, referencesHeader, subject, fromName, fromAddress: Int
        let toAddresses, ccAddresses, threadId, hasAttachment, contentHash, bodyState, bodyStructure, cryptoMark: Int

        /// Nil when the statement does not select every column (its rows are then read by name).
        init?(_ names: [String]) {
            var position: [String: Int] = [:]
            for (index, name) in names.enumerated() where position[name.lowercased()] == nil { position[name.lowercased()] = index }
            struct Missing: Error {}
            func at(_ name: String) throws -> Int {
                guard let index = position[name] else { throw Missing() }
                return index
            }
            do {
                id = try at("id"); folderId = try at("folder_id"); uid = try at("uid"); modseq = try at("modseq")
                flags = try at("flags"); internalDate = try at("internal_date"); date = try at("date"); size = try at("size")
                headerMessageId = try at("header_message_id"); inReplyTo = try at("in_reply_to")
                referencesHeader = try at("references_header"); subject = try at("subject"); fromName = try at("from_name")
                fromAddress = try at("from_address"); toAddresses = try at("to_addresses"); ccAddresses = try at("cc_addresses")
                threadId = try at("thread_id"); hasAttachment = try at("has_attachment"); contentHash = try at("content_hash")
                bodyState = try at("body_state"); bodyStructure = try at("body_structure"); cryptoMark = try at("crypto_mark")
            } catch {
                return nil
            }
        }
    }

    /// The messages `sql` selects (every column of `message`), read by position. The
    /// statement is prepared once per connection and SQL text (the reader reads windows
    /// of the same few queries at every move).
    static func fetchCursorByPosition(_ db: Database, sql: String, arguments: StatementArguments) throws -> some Cursor<MessageRecord> {
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(arguments)
        let positions = ColumnPositions(statement.columnNames)
        return try Row.fetchCursor(statement).map { row in
            if let positions { return MessageRecord(row: row, at: positions) }
            return try MessageRecord(row: row)
        }
    }
}

/// What the index shows for a signed or encrypted message.
public enum CryptoMark: String, Codable, Sendable, DatabaseValueConvertible {
    /// multipart/signed, or S/MIME signed-data.
    case signed
    /// multipart/encrypted, or S/MIME enveloped-data.
    case encrypted
}

/// How much of a message's body the store holds.
public enum BodyState: String, Codable, Sendable, DatabaseValueConvertible {
    /// Only the header: the body is on the server (left there by the body policy).
    case none
    /// Part of it.
    case partial
    /// All of it, in `message_body`.
    case full
}
