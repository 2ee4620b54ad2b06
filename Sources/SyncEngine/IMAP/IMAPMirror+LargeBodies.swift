import Foundation
import IMAPProtocol
import MailMessage
import MailStore

extension IMAPMirror {
    /// Whether a message of `size` bytes (RFC822.SIZE) comes in pieces rather than whole.
    func isLarge(_ size: Int) -> Bool {
        size > options.largeBodyBytes
    }

    /// Downloads the body of message `uid` of `folder` in pieces of `bodyPieceBytes`
    /// (`BODY.PEEK[]<offset.length>`, RFC 9051 §6.4.5) into a temporary file, hashing
    /// and parsing it from there, and stores it a piece at a time: memory holds one
    /// piece, never the message. False when the server no longer has the message.
    func fetchLargeBody(_ session: IMAPSession, folder: FolderRecord, uid: Int64) throws -> Bool {
        let spool = try MessageSpool(label: "imap-\(uid)")
        let hasher = try ContentHash.Hasher()
        let piece = max(1, options.bodyPieceBytes)
        while true {
            let offset = spool.count
            guard offset <= MailStore.maximumBodySize else {
                throw IMAPSyncError.bodyTooLarge(folder: folder.name, uid: uid, limit: MailStore.maximumBodySize)
            }
            let responses = try session.uidFetch(SequenceSet([UInt32(uid)]),
                                                 [.uid, .bodySection(.complete, peek: true, partial: offset...(offset + piece - 1))])
            guard let bytes = responses.first(where: { $0.uid == UInt32(uid) })?.body(.complete) else {
                // Expunged meanwhile (no FETCH answer), or NIL: nothing to store yet.
                return false
            }
            try spool.append(bytes)
            hasher.update(bytes)
            // A piece shorter than asked is the end (an empty one when the size was exact).
            if bytes.count < piece { break }
        }
        let file = try spool.finish()
        let hasAttachment = MailStore.hasAttachment(MIMEMessage(file: file))
        return try store.storeMirrorBody(folderId: folder.id!, uid: uid, file: file, hash: hasher.finish(), hasAttachment: hasAttachment)
    }
}
