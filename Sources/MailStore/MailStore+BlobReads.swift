import Foundation
import GRDB
import GRDBSQLite
import MailMessage

/// Big messages out of the store a piece at a time (from their pack, or through SQLite's
/// incremental blob I/O for bodies stored inline), so opening a 50 MB message never
/// holds it whole.
extension MailStore {
    /// The size of a message's raw bytes, or nil when they are not downloaded.
    public func rawMessageSize(id: Int64) throws -> Int? {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT coalesce(pack_length, length(raw)) FROM message_body WHERE message_id = ?", arguments: [id])
        }
    }

    /// Calls `body` with a message's raw bytes in consecutive pieces of at most `chunk`
    /// bytes. Returns false when the bytes are not downloaded.
    @discardableResult
    public func forEachRawPiece(id: Int64, chunk: Int = 1 << 20, _ body: ([UInt8]) throws -> Void) throws -> Bool {
        // The pack is opened before the first piece (a compaction after that cannot cut
        // it short), so reading the location again on `gone` never repeats a piece.
        let packed = try readingMovedBodies { () -> Bool in
            guard let location = try database.read({ db in try StoredBody.packLocation(db, messageId: id) }) else { return false }
            try bodies.forEachPiece(location, chunk: chunk, body)
            return true
        }
        if packed { return true }
        return try database.read { db in
            // message_id is the table's INTEGER PRIMARY KEY, so it is the blob's rowid.
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM message_body WHERE message_id = ?", arguments: [id]) == true else { return false }
            var blob: OpaquePointer?
            let opened = sqlite3_blob_open(db.sqliteConnection, "main", "message_body", "raw", id, 0, &blob)
            defer { sqlite3_blob_close(blob) }
            guard opened == SQLITE_OK, let blob else {
                throw StoreError.invalid("message \(id)'s bytes could not be read (SQLite error \(opened)); the store may be damaged")
            }
            let size = Int(sqlite3_blob_bytes(blob))
            var offset = 0
            var piece = [UInt8](repeating: 0, count: max(1, min(chunk, size)))
            while offset < size {
                let count = min(piece.count, size - offset)
                let read = piece.withUnsafeMutableBytes { sqlite3_blob_read(blob, $0.baseAddress, Int32(count), Int32(offset)) }
                guard read == SQLITE_OK else {
                    throw StoreError.invalid("message \(id)'s bytes could not be read (SQLite error \(read)); the store may be damaged")
                }
                try body(count == piece.count ? piece : Array(piece[0..<count]))
                offset += count
            }
            return true
        }
    }

    /// A message's raw bytes as an unlinked temporary file, read a piece at a time: the
    /// file disappears with the returned `MessageFile`. Nil when not downloaded.
    public func rawMessageFile(id: Int64) throws -> MessageFile? {
        let spool = try MessageSpool(label: "message-\(id)")
        let found = try forEachRawPiece(id: id) { try spool.append($0) }
        return found ? try spool.finish() : nil
    }
}
