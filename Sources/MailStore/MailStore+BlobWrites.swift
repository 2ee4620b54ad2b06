import Foundation
import GRDB
import MailMessage

/// Big messages into the store a piece at a time, the counterpart of
/// `MailStore+BlobReads`: a 50 MB message is never held whole.
extension MailStore {
    /// The largest message body the store takes: a hostile RFC822.SIZE must not fill the
    /// disk (and an inline body, a SQLite blob, stops at 1,000,000,000 bytes).
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
            // Copied into the newest pack 1 MB at a time; synced before the commit.
            try StoredBody.write(db, messageId: id, at: bodies.append(file: file))
            try Self.markBodyStored(db, messageId: id, hash: hash, hasAttachment: hasAttachment, size: file.count)
            return true
        }
    }
}
