import Foundation
import GRDB
import GRDBSQLite
import MailMessage

/// Big messages into the store a piece at a time (SQLite's incremental blob I/O), the
/// counterpart of `MailStore+BlobReads`: a 50 MB message is never held whole.
extension MailStore {
    /// The largest message body the store takes (SQLite's blobs stop at 1,000,000,000
    /// bytes; this leaves room and keeps a hostile size from filling the disk).
    public static let maximumBodySize = 512 << 20

    /// Stores the body of mirrored message `uid` of a folder from `file`, in one
    /// transaction: the bytes, the content hash and attachment mark computed from the
    /// same file, and its place in the search index's queue. False when the mirror no
    /// longer has that UID (expunged meanwhile).
    @discardableResult
    public func storeMirrorBody(folderId: Int64, uid: Int64, file: MessageFile, hash: String, hasAttachment: Bool) throws -> Bool {
        guard file.count <= Self.maximumBodySize else {
            throw StoreError.invalid("message UID \(uid) is \(file.count >> 20) MB, more than the \(Self.maximumBodySize >> 20) MB Merle stores; it stays on the server")
        }
        return try database.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM message WHERE folder_id = ? AND uid = ?", arguments: [folderId, uid]) else {
                return false
            }
            try db.execute(sql: "INSERT OR REPLACE INTO message_body (message_id, raw) VALUES (?, zeroblob(?))", arguments: [id, file.count])
            try Self.writeBlob(db, messageId: id, from: file)
            try Self.markBodyStored(db, messageId: id, hash: hash, hasAttachment: hasAttachment, size: file.count)
            return true
        }
    }

    /// Copies `file` over the zero-filled blob of message `messageId`, 1 MB at a time.
    private static func writeBlob(_ db: Database, messageId: Int64, from file: MessageFile) throws {
        var blob: OpaquePointer?
        let opened = sqlite3_blob_open(db.sqliteConnection, "main", "message_body", "raw", messageId, 1, &blob)
        defer { sqlite3_blob_close(blob) }
        guard opened == SQLITE_OK, let blob else {
            throw StoreError.invalid("message \(messageId)'s bytes could not be written (SQLite error \(opened)); run `merle check`")
        }
        var offset = 0
        while offset < file.count {
            let piece = file.read(offset..<min(file.count, offset + (1 << 20)))
            guard !piece.isEmpty else { throw StoreError.invalid("the temporary file \(file.path) ended early; check the free space in TMPDIR") }
            let written = piece.withUnsafeBytes { sqlite3_blob_write(blob, $0.baseAddress, Int32(piece.count), Int32(offset)) }
            guard written == SQLITE_OK else {
                throw DatabaseError(resultCode: ResultCode(rawValue: written), message: "writing message \(messageId)'s bytes")
            }
            offset += piece.count
        }
    }
}
