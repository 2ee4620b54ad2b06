import Foundation
import IMAPProtocol
import MailStore
import MerleConfig
import Transport

extension IMAPMirror {
    /// Which of `folders` can be watched, from the mirrored folder list: the server
    /// must list the folder as selectable, and at most `limit` are watched. The rest
    /// come back with the reason, in words.
    func watchPlan(_ folders: [String], limit: Int = AccountConfiguration.maxWatchedFolders) throws
        -> (watched: [String], skipped: [(folder: String, reason: String)]) {
        let pending = try store.pendingFolderNames(accountId: accountId)
        let known = try store.mirrorFolders(accountId: accountId).filter { !pending.keep.contains($0.name) }
        var watched: [String] = []
        var skipped: [(folder: String, reason: String)] = []
        for name in folders where !watched.contains(where: { Self.sameName($0, name) }) {
            guard let folder = known.first(where: { Self.sameName($0.name, name) }) else {
                skipped.append((name, "the server has no such folder"))
                continue
            }
            guard folder.selectable else {
                skipped.append((name, "the server cannot open it (it only holds other folders)"))
                continue
            }
            guard watched.count < limit else {
                skipped.append((name, "at most \(limit) folders are watched, each on a connection of its own"))
                continue
            }
            watched.append(folder.name)
        }
        return (watched, skipped)
    }

    /// 1, 2, 4 … seconds after consecutive failures, at most five minutes.
    public static func reconnectDelay(failures: Int) -> TimeInterval {
        min(pow(2, Double(max(0, failures - 1))), 300)
    }
}
