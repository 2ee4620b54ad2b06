import Foundation
import GRDB
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
        return try store.database.read { db in
            var ids: [Int64] = []
            for chunk in stride(from: 0, to: uids.count, by: 500).map({ Array(uids[$0..<min($0 + 500, uids.count)]) }) {
                ids += try Int64.fetchAll(db, sql: "SELECT id FROM message WHERE folder_id = ? AND uid IN (\(chunk.map { String($0) }.joined(separator: ",")))",
                                          arguments: [folder.id])
            }
            return ids
        }
    }
}
