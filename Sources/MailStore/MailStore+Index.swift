import Foundation
import GRDB

/// What the message index is ordered by. Each has an index over (folder, key), so a
/// window is read in order without sorting the folder.
public enum SortKey: String, CaseIterable, Sendable {
    case date, from, subject, size

    /// The SQL the rows are ordered by; the same expressions as the indexes of migration v6.
    public var expression: String {
        switch self {
        case .date: "date"
        case .from: "(CASE WHEN from_name = '' THEN from_address ELSE from_name END) COLLATE NOCASE"
        case .subject: "subject COLLATE NOCASE"
        case .size: "size"
        }
    }

    /// The usual direction: newest and largest first, names A to Z.
    var descendingByDefault: Bool { self == .date || self == .size }

    /// The next key, for a key that steps through them.
    public var next: SortKey {
        let all = SortKey.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// What the message index shows: one folder (or all), optionally narrowed by a search.
public struct MessageQuery: Sendable, Equatable {
    /// The folder, or nil for every folder.
    public var folderId: Int64?
    /// An FTS5 MATCH expression over `message_fts(subject, addresses, body)`, already quoted.
    public var fullTextMatch: String?
    public var unreadOnly: Bool
    public var flaggedOnly: Bool
    public var withAttachmentOnly: Bool
    /// Only messages dated before / on or after these instants.
    public var before: Date?
    public var after: Date?
    /// The order, and whether it is reversed (`oldestFirst` for dates: oldest first
    /// instead of newest; for other keys the other way from their usual direction).
    public var sort: SortKey = .date
    public var oldestFirst: Bool
    /// Messages that match the text as well, found by the server's SEARCH (their bodies
    /// are not here for the local index to see).
    public var alsoIds: [Int64] = []
    /// Words that must be in a given address field (`from:`, `to:`, `cc:`); the full-text
    /// match should hold each among the addresses, which narrows the rows to look at.
    public var fieldWords: [AddressFieldWord] = []
    /// Only messages in an account's INBOX (`in:inbox`; "All inboxes").
    public var inboxesOnly = false
    /// What `fullTextMatch` found, read once (`MailStore.textMatches`): the query then
    /// reads these ids instead of running the match again for each window and the count.
    public var textMatches: TextMatches?

    public init(folderId: Int64?, fullTextMatch: String? = nil, unreadOnly: Bool = false, flaggedOnly: Bool = false,
                withAttachmentOnly: Bool = false, before: Date? = nil, after: Date? = nil, oldestFirst: Bool = false) {
        self.folderId = folderId
        self.fullTextMatch = fullTextMatch
        self.unreadOnly = unreadOnly
        self.flaggedOnly = flaggedOnly
        self.withAttachmentOnly = withAttachmentOnly
        self.before = before
        self.after = after
        self.oldestFirst = oldestFirst
    }

    /// Whether which messages match depends on their flags, so a change of flags may add
    /// or remove rows (otherwise it changes only how the rows look).
    public var dependsOnFlags: Bool { unreadOnly || flaggedOnly }

    /// The ORDER BY of the query's order (its sort key, then `id` to break ties), or of
    /// the opposite order when `reversed` (a window read from the end).
    func order(reversed: Bool) -> String {
        let descending = (sort.descendingByDefault != oldestFirst) != reversed
        return descending ? "\(sort.expression) DESC, id DESC" : "\(sort.expression) ASC, id ASC"
    }

    /// Whether the counts kept per folder (`folder_count`) answer how many match: a folder,
    /// every folder or the inboxes, all or unread only, and nothing else narrowing it.
    public var isCountedPerFolder: Bool {
        var plain = MessageQuery(folderId: folderId, unreadOnly: unreadOnly)
        plain.inboxesOnly = inboxesOnly
        plain.sort = sort
        plain.oldestFirst = oldestFirst
        return self == plain
    }

    /// Whether the query is a whole folder, in any order: no search narrows it.
    public var isWholeFolder: Bool {
        var plain = MessageQuery(folderId: folderId)
        plain.sort = sort
        plain.oldestFirst = oldestFirst
        return folderId != nil && self == plain
    }

    /// The WHERE clause and its arguments.
    var condition: (sql: String, arguments: StatementArguments) {
        var parts: [String] = []
        var arguments: StatementArguments = []
        if let folderId {
            parts.append("folder_id = ?")
            arguments += [folderId]
        }
        // The text: the index's match and the address fields, or what the server found.
        var text: [String] = []
        if let textMatches {
            text.append("id IN (SELECT value FROM json_each(?))")
            arguments += [textMatches.json]
        } else if let fullTextMatch {
            text.append("id IN (SELECT rowid FROM message_fts WHERE message_fts MATCH ?)")
            arguments += [fullTextMatch]
        }
        for word in fieldWords {
            text.append("\(AddressFieldMatch.functionName)(\(word.field.columns), ?, ?)")
            arguments += [word.value, word.isPhrase]
        }
        if !text.isEmpty {
            let extra = alsoIds.isEmpty ? "" : " OR id IN (\(alsoIds.map(String.init).joined(separator: ",")))"
            parts.append("((\(text.joined(separator: " AND ")))\(extra))")
        }
        if inboxesOnly { parts.append("folder_id IN (SELECT id FROM folder WHERE upper(name) = 'INBOX')") }
        if unreadOnly { parts.append(StoreSchema.unreadCondition) }
        if flaggedOnly { parts.append("instr(' ' || lower(flags) || ' ', ' \\flagged ') > 0") }
        if withAttachmentOnly { parts.append("has_attachment") }
        if let before {
            parts.append("date < ?")
            arguments += [before]
        }
        if let after {
            parts.append("date >= ?")
            arguments += [after]
        }
        return (parts.isEmpty ? "1" : parts.joined(separator: " AND "), arguments)
    }
}

/// Windowed reads for the message index: the UI asks for the rows it draws, never a
/// whole folder. Ordered by the query's key then `id` (newest first by `date` unless
/// asked), which an index on (folder_id, key, rowid) serves without sorting.
/// Messages without a Date header sort last (first when `oldestFirst`).
extension MailStore {
    /// How many messages match.
    public func messageCount(_ query: MessageQuery) throws -> Int {
        let condition = query.condition
        return try database.read { db in
            // A whole folder's count is kept (folder_count) rather than counted.
            if query.isWholeFolder, let folderId = query.folderId {
                return try Int.fetchOne(db, sql: "SELECT total FROM folder_count WHERE folder_id = ?", arguments: [folderId]) ?? 0
            }
            if let kept = try Self.keptCounts(db, query) { return kept.total }
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM message WHERE \(condition.sql)", arguments: condition.arguments) ?? 0
        }
    }

    /// How many messages match and how many of them are unread, in one read: from the
    /// counts kept per folder when they answer it (`isCountedPerFolder`: "All inboxes",
    /// `is:unread`), costing a row per folder, else counted over the matches.
    public func messageCounts(_ query: MessageQuery) throws -> (total: Int, unread: Int) {
        let condition = query.condition
        return try database.read { db in
            if let kept = try Self.keptCounts(db, query) { return kept }
            let row = try Row.fetchOne(db, sql: """
                SELECT count(*) AS total, coalesce(sum(\(StoreSchema.unreadCondition)), 0) AS unread
                FROM message WHERE \(condition.sql)
                """, arguments: condition.arguments)
            return (row?["total"] ?? 0, row?["unread"] ?? 0)
        }
    }

    /// The counts of a query the kept per-folder counts answer, summed over its folders;
    /// nil for any other query.
    private static func keptCounts(_ db: Database, _ query: MessageQuery) throws -> (total: Int, unread: Int)? {
        guard query.isCountedPerFolder else { return nil }
        var sql = "SELECT coalesce(sum(total), 0) AS total, coalesce(sum(unread), 0) AS unread FROM folder_count"
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let folderId = query.folderId {
            conditions.append("folder_id = ?")
            arguments += [folderId]
        }
        if query.inboxesOnly { conditions.append("folder_id IN (SELECT id FROM folder WHERE upper(name) = 'INBOX')") }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        let row = try Row.fetchOne(db, sql: sql, arguments: arguments)
        let (total, unread): (Int, Int) = (row?["total"] ?? 0, row?["unread"] ?? 0)
        return query.unreadOnly ? (unread, unread) : (total, unread)
    }

    /// What the query's full-text match finds, read once: the candidates a search's
    /// windows and count then read by id (`MessageQuery.textMatches`). The match was the
    /// costly part of a search (23 of 50 ms counting `subject:quarterly from:ada` at a
    /// million messages), and counting and then reading a window ran it twice. Nil
    /// without a full-text match, and when it finds more than `limit`: then the query
    /// runs the match itself (a word in every message of a million made 8 MB of JSON,
    /// and the reader's peak memory went from 55 to 82 MB).
    public func textMatches(_ query: MessageQuery, limit: Int = 200_000) throws -> TextMatches? {
        guard query.fullTextMatch != nil else { return nil }
        return try database.read { db in try Self.textMatches(db, query, limit: limit) }
    }

    static func textMatches(_ db: Database, _ query: MessageQuery, limit: Int = 200_000) throws -> TextMatches? {
        guard let match = query.fullTextMatch else { return nil }
        // Made into JSON by SQLite: no row per id crosses into Swift.
        let row = try Row.fetchOne(db, sql: """
            SELECT json_group_array(rowid) AS ids, count(*) AS count
            FROM (SELECT rowid FROM message_fts WHERE message_fts MATCH ? LIMIT ?)
            """, arguments: [match, limit + 1])
        let count: Int = row?["count"] ?? 0
        return count > limit ? nil : TextMatches(json: row?["ids"] ?? "[]", count: count)
    }

    /// The ids of every message that matches (tagging by a search), at most `limit`.
    public func messageIds(_ query: MessageQuery, limit: Int = 100_000) throws -> [Int64] {
        let condition = query.condition
        return try database.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM message WHERE \(condition.sql) LIMIT ?", arguments: condition.arguments + [limit])
        }
    }

    /// Every message that matches, in the query's order, handed to `body` one at a time
    /// until it returns false: a whole result listed in one pass (a window per 500 read the
    /// matches again for each window, most of listing ten thousand results). `rows`: how
    /// many the caller wants at most, which decides between walking the date index and
    /// sorting the matches.
    public func forEachMessage(_ query: MessageQuery, rows: Int = .max, _ body: (MessageRecord) throws -> Bool) throws {
        try database.read { db in
            let listing = try Self.listing(db, query, rows: rows)
            let cursor = try MessageRecord.fetchCursorByPosition(db, sql: listing.sql, arguments: listing.arguments)
            while let message = try cursor.next() {
                guard try body(message) else { return }
            }
        }
    }

    /// The statement of `forEachMessage`. The text's matches are read and counted first
    /// (`textMatches`): when they are most of the messages and only some are wanted, the
    /// date index is walked, rather than every match sorted, whole rows and all, before
    /// the first is handed over (17 of 32 ms listing 50 of a word in all 10,000).
    static func listing(_ db: Database, _ query: MessageQuery, rows: Int) throws -> (sql: String, arguments: StatementArguments) {
        var query = query
        if query.textMatches == nil, query.sort == .date { query.textMatches = try textMatches(db, query) }
        let condition = query.condition
        let (from, order) = try dateWalk(db, query, rows: rows, reversed: false)
        return ("SELECT * FROM \(from) WHERE \(condition.sql) ORDER BY \(order)", condition.arguments)
    }

    /// Up to `limit` messages starting at position `offset` (0 = newest). Pass the total
    /// from `messageCount` so a window near the end is read from the other end of the
    /// index, keeping "jump to the last message" as cheap as the first screen.
    public func messageWindow(_ query: MessageQuery, offset: Int, limit: Int, total: Int? = nil) throws -> [MessageRecord] {
        guard limit > 0, offset >= 0 else { return [] }
        let condition = query.condition
        return try database.read { db in
            if let total, offset > total / 2 {
                let end = min(offset + limit, total)
                let reverseOffset = max(total - end, 0)
                let count = end - offset
                guard count > 0 else { return [] }
                let (from, order) = try Self.dateWalk(db, query, rows: end - offset + reverseOffset, reversed: true)
                let rows = try Array(MessageRecord.fetchCursorByPosition(db, sql: """
                    SELECT * FROM \(from) WHERE \(condition.sql)
                    ORDER BY \(order) LIMIT ? OFFSET ?
                    """, arguments: condition.arguments + [count, reverseOffset]))
                return rows.reversed()
            }
            let (from, order) = try Self.dateWalk(db, query, rows: offset + limit, reversed: false)
            return try Array(MessageRecord.fetchCursorByPosition(db, sql: """
                SELECT * FROM \(from) WHERE \(condition.sql)
                ORDER BY \(order) LIMIT ? OFFSET ?
                """, arguments: condition.arguments + [limit, offset]))
        }
    }

    /// The table and order a window is read with. A search across folders in date order
    /// that the kept counts answer ("All inboxes", `is:unread`) either walks the date
    /// index (v18), checking each message until it has `rows`, or sorts its matches,
    /// whichever costs less: walking reads about `rows` times all messages over the
    /// matches (at most all of them), sorting reads the matches. SQLite cannot tell
    /// without statistics: it sorted the inboxes (300 ms at 100,000 messages, 1 ms
    /// walked) and would walk the whole index for a few unread among a million.
    ///
    /// A search with text read once (`textMatches`) does the same in one folder or all,
    /// its candidates counted as its matches: SQLite always walked, which for a word in a
    /// few messages of a million-message folder read the whole folder's index.
    static func dateWalk(_ db: Database, _ query: MessageQuery, rows: Int, reversed: Bool) throws -> (from: String, order: String) {
        let order = query.order(reversed: reversed)
        guard query.sort == .date else { return ("message", order) }
        let index = query.folderId == nil ? "message_by_date" : "message_by_folder_date"
        let matches: Int
        if let textMatches = query.textMatches {
            matches = textMatches.count
        } else if query.folderId == nil, let kept = try keptCounts(db, query) {
            matches = kept.total
        } else {
            return ("message", order)
        }
        let all = try Int.fetchOne(db, sql: "SELECT coalesce(sum(total), 0) FROM folder_count" + (query.folderId == nil ? "" : " WHERE folder_id = ?"),
                                   arguments: query.folderId.map { [$0] } ?? []) ?? 0
        // Walking reads at most every message; sorting reads every match. A message walked
        // past is a tenth of the cost when only its id is checked (the text's ids, from the
        // index alone) and a row read otherwise.
        let walked = min(Double(rows) * Double(all) / Double(max(matches, 1)), Double(all)) * (query.textMatches != nil ? 0.1 : 1)
        // Every match of a text wanted (a whole listing): sorting reads them in the table's
        // order, walking one by one in the date's (50,000 lines of a word in all: 235-241
        // ms sorted, 300 walked).
        let everyTextMatch = query.textMatches != nil && rows >= matches
        if matches > 0, walked <= Double(matches), !everyTextMatch {
            return ("message INDEXED BY \(index)", order)
        }
        // Sorted: the text's ids are looked up by rowid (no index, or SQLite walks the
        // folder's); else a unary + keeps the date index from ordering the rows.
        return query.textMatches != nil ? ("message NOT INDEXED", order) : ("message", "+" + order)
    }
}

/// The message ids a full-text match found (`MailStore.textMatches`), as the JSON array
/// SQLite's `json_each` reads.
public struct TextMatches: Sendable, Equatable {
    let json: String
    /// How many ids: an upper bound of the search's matches.
    public let count: Int
}
