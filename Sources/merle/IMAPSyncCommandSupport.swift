import Foundation
import MailStore
import MerleConfig
import SyncEngine

/// The IMAP half of `merle sync`: mirror the account (a progress bar on a terminal,
/// one line per folder otherwise) and, with `--watch`, keep watching the account's
/// `watch` folders (or the `--folder`), one IDLE connection each.
enum IMAPSyncCommandSupport {
    /// Watchers started by `--watch`, one thread per account.
    private static let watchers = WatcherCount()

    static func sync(_ account: AccountConfiguration, store: MailStore, folder: String?, watch: Bool = false) throws {
        var options = IMAPSyncOptions()
        options.bodies = account.bodies
        options.compression = account.compress
        if let folder { options.folders = [folder] }
        if watch {
            let name = account.name
            let watchOptions = options
            let folders = folder.map { [$0] } ?? account.watchFolders
            guard !folders.isEmpty else {
                print("\(name): nothing to watch (watch = [] in the config); synced once")
                return try sync(account, store: store, folder: folder)
            }
            watchers.add()
            Thread.detachNewThread {
                do {
                    let mirror = try IMAPMirror(store: store, account: account, options: watchOptions) { event in
                        if let line = Self.watchLine(event) { Self.printLine("\(name): \(line)") }
                        if case .folderFinished = event {
                            StoreUpkeep.afterWatchedSync(store) { Self.printLine("\(name): \(TerminalText.oneLine($0))") }
                        }
                    }
                    mirror.watch(folders: folders)
                } catch {
                    Self.printLine("\(name): FAILED: \(TerminalText.oneLine("\(error)"))")
                }
                watchers.remove()
            }
            return
        }
        let mirror = try IMAPMirror(store: store, account: account, options: options) { event in
            Self.show(event, account: account.name)
        }
        defer { mirror.close() }
        let summaries = try mirror.sync()
        Progress.finish()
        let fresh = summaries.reduce(0) { $0 + $1.newMessages }
        let inStep = summaries.filter { $0.refused == nil }.count
        print("\(account.name): \(inStep) folder\(inStep == 1 ? "" : "s") in step, \(fresh) new message\(fresh == 1 ? "" : "s")")
        let refused = summaries.compactMap { summary in summary.refused.map { (summary.folder, $0) } }
        if !refused.isEmpty {
            throw IMAPSyncError.foldersRefused(Dictionary(refused, uniquingKeysWith: { first, _ in first }))
        }
    }

    /// Blocks while any `--watch` thread runs (Ctrl-C ends the process).
    static func waitForWatchers() {
        watchers.waitUntilNone()
    }

    private static func show(_ event: IMAPSyncEvent, account: String) {
        switch event {
        case let .foldersListed(changes):
            for name in changes.added { lineAfterProgress("\(account): new folder \(TerminalText.oneLine(name))") }
            for (old, new) in changes.renamed.sorted(by: { $0.key < $1.key }) {
                lineAfterProgress("\(account): folder \(TerminalText.oneLine(old)) renamed to \(TerminalText.oneLine(new))")
            }
            for name in changes.removed { lineAfterProgress("\(account): folder \(TerminalText.oneLine(name)) removed on the server") }
            for name in changes.kept {
                lineAfterProgress("\(account): folder \(TerminalText.oneLine(name)) is gone from the server; kept locally because it holds messages not uploaded yet")
            }
        case let .uidValidityChanged(folder, waiting):
            lineAfterProgress("\(account): \(TerminalText.oneLine(folder)) was recreated on the server (new UIDVALIDITY); re-matching \(waiting) messages")
        case let .headers(folder, done, total):
            Progress.show("\(account): \(folder): headers \(done) of \(total) \(bar(done, total))")
        case let .bodies(folder, done, total):
            Progress.show("\(account): \(folder): bodies \(done) of \(total) \(bar(done, total))")
        case let .folderFinished(summary):
            lineAfterProgress("\(account): \(summaryLine(summary))")
        case let .journal(done, total):
            Progress.show("\(account): offline changes \(done) of \(total) \(bar(done, total))")
        case let .journalReplayed(summary):
            lineAfterProgress("\(account): \(summary.applied) offline change\(summary.applied == 1 ? "" : "s") applied on the server"
                              + (summary.deferred > 0 ? ", \(summary.deferred) waiting" : "") + (summary.failed > 0 ? ", \(summary.failed) dropped" : ""))
            for problem in summary.problems { lineAfterProgress("\(account): \(TerminalText.oneLine(problem))") }
        case .folderStarted, .idling, .serverChanged, .reconnecting, .notWatched:
            break
        }
    }

    private static func summaryLine(_ summary: FolderSyncSummary) -> String {
        if let refused = summary.refused {
            return "\(TerminalText.oneLine(summary.folder)): not synced, the server would not open it: \(TerminalText.oneLine(refused))"
        }
        var parts = ["\(summary.newMessages) new"]
        if summary.flagChanges > 0 { parts.append("\(summary.flagChanges) flag changes") }
        if summary.expunged > 0 { parts.append("\(summary.expunged) removed") }
        if summary.bodies > 0 { parts.append("\(summary.bodies) bodies") }
        if summary.rematched > 0 { parts.append("\(summary.rematched) re-matched") }
        if summary.lostAfterUIDValidityChange > 0 { parts.append("\(summary.lostAfterUIDValidityChange) gone after the mailbox was recreated") }
        return "\(TerminalText.oneLine(summary.folder)): " + parts.joined(separator: ", ") + " (\(summary.path.rawValue))"
    }

    private static func watchLine(_ event: IMAPSyncEvent) -> String? {
        switch event {
        case let .folderFinished(summary) where summary.newMessages + summary.flagChanges + summary.expunged > 0:
            return summaryLine(summary)
        case let .idling(folder):
            return "watching \(TerminalText.oneLine(folder))"
        case let .reconnecting(delay, error):
            return "connection lost (\(TerminalText.oneLine(error))); reconnecting in \(Int(delay)) s"
        case let .notWatched(folder, reason):
            return "warning: not watching \(TerminalText.oneLine(folder)): \(TerminalText.oneLine(reason))"
        default:
            return nil
        }
    }

    private static func bar(_ done: Int, _ total: Int) -> String {
        let width = 20
        let filled = total > 0 ? min(width, done * width / total) : width
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }

    private static func lineAfterProgress(_ text: String) {
        Progress.finish()
        print(text)
    }

    private static let printLock = NSLock()

    private static func printLine(_ text: String) {
        printLock.withLock {
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
        }
    }
}

/// How many watcher threads run; lets the main thread wait for them.
private final class WatcherCount: @unchecked Sendable {
    private let condition = NSCondition()
    private var count = 0

    func add() {
        condition.withLock { count += 1 }
    }

    func remove() {
        condition.withLock {
            count -= 1
            condition.broadcast()
        }
    }

    func waitUntilNone() {
        condition.withLock {
            while count > 0 { condition.wait() }
        }
    }
}
