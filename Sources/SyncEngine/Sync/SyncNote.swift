import Foundation

/// What a sync did, as facts: `merle sync` prints each as lines, the reader shows the
/// ones a user must see. The words are made here, in one place.
public enum SyncNote: Sendable, Equatable {
    /// The folder list changed on the server.
    case foldersListed(account: String, FolderListChanges)
    /// The server replaced a mailbox (new UIDVALIDITY); its messages are re-matched.
    case uidValidityChanged(account: String, folder: String, waiting: Int)
    /// A folder is in step (or was refused, with the server's words).
    case folderSynced(account: String, FolderSyncSummary)
    /// The offline journal was applied on the server.
    case journalReplayed(account: String, JournalReplayer.Summary)
    /// POP3 mail was downloaded.
    case downloaded(account: String, POP3Downloader.Summary)
    /// The outbox was sent.
    case sent(account: String, OutboxSender.Summary)
    /// IDLE waits for new mail in a folder.
    case watching(account: String, folder: String)
    /// A watcher's connection failed; it reconnects after `after` seconds.
    case watchReconnecting(account: String, folder: String, after: Double, error: String)
    /// A folder asked for in `watch` is not watched, and why.
    case notWatched(account: String, folder: String, reason: String)
    /// Deleted messages' bytes went back to the disk.
    case compacted(megabytes: Int64)
    /// Downloaded bodies wait for the search index (more than a sync indexes).
    case indexWaiting(count: Int)

    /// The lines `merle sync` prints (unsanitised: the printer makes them safe).
    public var lines: [String] {
        switch self {
        case let .foldersListed(account, changes):
            var lines = changes.added.map { "\(account): new folder \($0)" }
            lines += changes.renamed.sorted { $0.key < $1.key }.map { "\(account): folder \($0.key) renamed to \($0.value)" }
            lines += changes.removed.map { "\(account): folder \($0) removed on the server" }
            lines += changes.kept.map { "\(account): folder \($0) is gone from the server; kept locally because it holds messages not uploaded yet" }
            return lines
        case let .uidValidityChanged(account, folder, waiting):
            return ["\(account): \(folder) was recreated on the server (new UIDVALIDITY); re-matching \(waiting) messages"]
        case let .folderSynced(account, summary):
            return ["\(account): \(Self.summaryLine(summary))"]
        case let .journalReplayed(account, summary):
            guard summary.applied + summary.deferred + summary.failed > 0 else { return summary.problems.map { "\(account): \($0)" } }
            return ["\(account): \(summary.applied) offline change\(summary.applied == 1 ? "" : "s") applied on the server"
                    + (summary.deferred > 0 ? ", \(summary.deferred) waiting" : "") + (summary.failed > 0 ? ", \(summary.failed) dropped" : "")]
                + summary.problems.map { "\(account): \($0)" }
        case let .downloaded(account, summary):
            return summary.warnings.map { "\(account): warning: \($0)" }
                + ["\(account): \(summary.downloaded) new message\(summary.downloaded == 1 ? "" : "s")"
                   + (summary.deletedOnServer > 0 ? ", \(summary.deletedOnServer) deleted on the server" : "")]
        case let .sent(account, summary):
            guard summary.sent + summary.failed + summary.uncertain + summary.deferred > 0 else { return [] }
            return ["\(account): sent \(summary.sent), failed \(summary.failed), waiting to retry \(summary.deferred), uncertain \(summary.uncertain)"]
                + summary.problems.map { "\(account): \($0)" }
        case let .watching(account, folder):
            return ["\(account): watching \(folder)"]
        case let .watchReconnecting(account, folder, after, error):
            return ["\(account): connection lost (IDLE on \(folder): \(error)); reconnecting in \(Int(after)) s"]
        case let .notWatched(account, folder, reason):
            return ["\(account): warning: not watching \(folder): \(reason)"]
        case let .compacted(megabytes):
            return ["message store: \(megabytes) MB of deleted messages given back to the disk"]
        case let .indexWaiting(count):
            return ["search index: \(count) downloaded messages wait to be indexed; the reader indexes them in the background, or the next merle search does"]
        }
    }

    /// One folder's sync in a line: "INBOX: 3 new, 2 flag changes (qresync)".
    static func summaryLine(_ summary: FolderSyncSummary) -> String {
        if let refused = summary.refused {
            return "\(summary.folder): not synced, the server would not open it: \(refused)"
        }
        var parts = ["\(summary.newMessages) new"]
        if summary.flagChanges > 0 { parts.append("\(summary.flagChanges) flag changes") }
        if summary.expunged > 0 { parts.append("\(summary.expunged) removed") }
        if summary.bodies > 0 { parts.append("\(summary.bodies) bodies") }
        if summary.rematched > 0 { parts.append("\(summary.rematched) re-matched") }
        if summary.lostAfterUIDValidityChange > 0 { parts.append("\(summary.lostAfterUIDValidityChange) gone after the mailbox was recreated") }
        return "\(summary.folder): " + parts.joined(separator: ", ") + " (\(summary.path.rawValue))"
    }
}
