import Foundation
import GRDB

/// A message's `message_body` row: its bytes in a pack (downloads) or in `raw` (stores
/// from before packs, and the bodies local actions write one at a time).
enum StoredBody {
    case inline(Data)
    case packed(BodyPacks.Location)

    /// The row of message `messageId`, or nil when its bytes are not downloaded.
    static func find(_ db: Database, messageId: Int64) throws -> StoredBody? {
        guard let row = try Row.fetchOne(db, sql: "SELECT raw, pack, pack_offset, pack_length FROM message_body WHERE message_id = ?",
                                         arguments: [messageId]) else { return nil }
        if let pack = row["pack"] as Int64? {
            return .packed(BodyPacks.Location(pack: pack, offset: row["pack_offset"], length: row["pack_length"]))
        }
        return .inline(row["raw"])
    }

    /// Where message `messageId`'s bytes lie in a pack, without reading an inline body
    /// (nil: not downloaded, or inline).
    static func packLocation(_ db: Database, messageId: Int64) throws -> BodyPacks.Location? {
        guard let row = try Row.fetchOne(db, sql: "SELECT pack, pack_offset, pack_length FROM message_body WHERE message_id = ? AND pack IS NOT NULL",
                                         arguments: [messageId]) else { return nil }
        return BodyPacks.Location(pack: row[0], offset: row[1], length: row[2])
    }

    /// Writes (or replaces) message `messageId`'s row: bytes are appended to `bodies`, or
    /// stored inline without them. The store syncs appended bytes before the transaction commits.
    static func write(_ db: Database, messageId: Int64, _ body: BodyToStore, into bodies: BodyPacks?) throws {
        switch body {
        case let .packed(location):
            try write(db, messageId: messageId, at: location)
        case let .bytes(raw):
            if let bodies {
                try write(db, messageId: messageId, at: bodies.append(raw))
            } else {
                try db.cachedStatement(sql: "INSERT OR REPLACE INTO message_body (message_id, raw, pack, pack_offset, pack_length) VALUES (?, ?, NULL, NULL, NULL)")
                    .execute(arguments: [messageId, Data(raw)])
            }
        }
    }

    /// Points message `messageId`'s row at bytes already in a pack.
    static func write(_ db: Database, messageId: Int64, at location: BodyPacks.Location) throws {
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO message_body (message_id, raw, pack, pack_offset, pack_length) VALUES (?, x'', ?, ?, ?)
            """).execute(arguments: [messageId, location.pack, location.offset, location.length])
    }
}

/// A new body for `StoredBody.write`: its bytes, or where `MailStore.packBodies` put them.
enum BodyToStore {
    case bytes([UInt8])
    case packed(BodyPacks.Location)
}

extension MailStore {
    /// Runs `read` once more when a compaction removed the pack it was reading: the
    /// second time it reads the body's new location.
    func readingMovedBodies<T>(_ read: () throws -> T) throws -> T {
        do {
            return try read()
        } catch BodyPackError.gone {
            return try read()
        }
    }
}
