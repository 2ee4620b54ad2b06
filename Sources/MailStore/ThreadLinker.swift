import Foundation
import GRDB

/// Keeps `message.thread_id` as messages arrive, so the thread view can read a folder
/// thread by thread instead of threading every message each time it opens.
///
/// Two messages are in one thread when they share a message id: one's Message-ID is in
/// the other's References or In-Reply-To, or both refer to the same (possibly missing)
/// message. That is the connectivity JWZ threading builds its trees on; the trees
/// themselves are still built by `Threader`, one thread at a time. Each message's ids are
/// kept as 64-bit hashes in `message_thread_key`; a new message takes the smallest
/// thread id among the messages sharing a key with it (its own row id when none does), and
/// threads it joins are merged into that one.
///
/// Thread ids are store-wide, so moving a message between folders keeps its thread.
/// Deleting the message that joined two halves leaves them one thread: the view then
/// shows that thread's trees one after another.
struct ThreadLinker {
    private let db: Database
    private let findThreads: Statement
    private let setThread: Statement
    private let addKey: Statement

    /// At most this many ids of one message are linked: References can be long, and a
    /// hostile one must not make an insert slow. The newest (last) references are kept.
    static let maxKeys = 64

    init(_ db: Database) throws {
        self.db = db
        findThreads = try db.cachedStatement(sql: """
            SELECT DISTINCT m.thread_id FROM message_thread_key k JOIN message m ON m.id = k.message_id
            WHERE k.key = ?
            """)
        setThread = try db.cachedStatement(sql: "UPDATE message SET thread_id = ? WHERE id = ?")
        addKey = try db.cachedStatement(sql: "INSERT INTO message_thread_key (message_id, key) VALUES (?, ?)")
    }

    /// Links message `id` into its thread and returns the thread id.
    @discardableResult
    func link(messageId id: Int64, messageID: String?, inReplyTo: String?, references: String?) throws -> Int64 {
        let keys = Self.keys(messageID: messageID, inReplyTo: inReplyTo, references: references)
        var found = try threads(sharing: keys)
        found.remove(id)
        let thread = min(found.min() ?? id, id)
        try setThread.execute(arguments: [thread, id])
        try attach(messageId: id, keys: keys, thread: thread, joining: found)
        return thread
    }

    /// The threads of stored messages sharing one of `keys`.
    func threads(sharing keys: [Int64]) throws -> Set<Int64> {
        var threads = Set<Int64>()
        for key in keys {
            threads.formUnion(try Int64.fetchAll(findThreads, arguments: [key]))
        }
        return threads
    }

    /// Records message `id`'s keys, the message already in `thread`, and merges the other
    /// threads it joins into that one.
    func attach(messageId id: Int64, keys: [Int64], thread: Int64, joining found: Set<Int64>) throws {
        let merged = found.filter { $0 != thread }
        if !merged.isEmpty {
            // Rare: this message joins threads that were apart until now.
            let list = merged.map(String.init).joined(separator: ",")
            try db.execute(sql: "UPDATE message SET thread_id = ? WHERE thread_id IN (\(list))", arguments: [thread])
        }
        for key in keys { try addKey.execute(arguments: [id, key]) }
    }

    /// The hashed ids a message is linked by: its Message-ID, In-Reply-To and References.
    static func keys(messageID: String?, inReplyTo: String?, references: String?) -> [Int64] {
        var ids: [Substring] = []
        if let messageID { ids.append(Substring(messageID)) }
        if let inReplyTo { ids.append(Substring(inReplyTo)) }
        if let references { ids.append(contentsOf: references.split(whereSeparator: { $0 == " " || $0 == "\t" }).suffix(maxKeys)) }
        var seen = Set<Int64>()
        var keys: [Int64] = []
        // Trimmed by hand: Foundation's trimmingCharacters(in:) was most of the cost here.
        let trim: (UInt8) -> Bool = { $0 == 0x3C || $0 == 0x3E || $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        for id in ids {
            let bytes = id.utf8
            var start = bytes.startIndex
            var end = bytes.endIndex
            while start < end, trim(bytes[start]) { start = bytes.index(after: start) }
            while end > start, trim(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
            guard start < end else { continue }
            let key = stableHash(bytes[start..<end])
            if seen.insert(key).inserted { keys.append(key) }
        }
        return keys
    }

    /// FNV-1a over the UTF-8 bytes: the same value in every process (Swift's `Hasher` is
    /// seeded per process, and these keys are stored).
    static func stableHash<Bytes: Sequence>(_ bytes: Bytes) -> Int64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }

    /// Links every message not linked yet, oldest row first (the migration that added
    /// thread ids, and stores written by older versions).
    static func linkUnthreaded(_ db: Database) throws {
        let linker = try ThreadLinker(db)
        var after: Int64 = 0
        // In id order, a few thousand rows at a time: a million rows never sit in memory,
        // and rows are not changed under an open cursor.
        while true {
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, header_message_id, in_reply_to, references_header FROM message
                WHERE thread_id IS NULL AND id > ? ORDER BY id LIMIT 5000
                """, arguments: [after])
            guard let last = rows.last else { return }
            for row in rows {
                try linker.link(messageId: row["id"], messageID: row["header_message_id"], inReplyTo: row["in_reply_to"],
                                references: row["references_header"])
            }
            after = last["id"]
        }
    }
}
