import Foundation
import IMAPProtocol
import MailStore

extension IMAPMirror {
    /// UID SEARCH on the server in `folder`, for what the local index cannot see (bodies
    /// left on the server); returns the store ids of the mirrored messages it found.
    public func searchOnServer(folder: FolderRecord, _ search: ServerSearch) throws -> [Int64] {
        var keys: [SearchKey] = []
        keys += search.text.map { .text($0) }
        keys += search.from.map { .from($0) }
        // `to:` means To or Cc, as the local search has it.
        keys += search.to.map { .or(.to($0), .cc($0)) }
        keys += search.cc.map { .cc($0) }
        keys += search.subject.map { .subject($0) }
        keys += search.body.map { .body($0) }
        guard !keys.isEmpty else { return [] }
        let uids = try withSession { session -> [UInt32] in
            _ = try session.execute(.examine(MailboxName(folder.name), []))
            return try session.uidSearch(keys)
        }
        guard !uids.isEmpty else { return [] }
        return try store.messageIds(folderId: folder.id!, uids: uids)
    }
}
