import Foundation
import IMAPProtocol
import MailStore
import MerleConfig
import Transport

extension IMAPMirror {
    /// Syncs, then watches each of `folders` in IDLE (RFC 2177), one connection and
    /// thread per folder (`FolderWatcher`), and resyncs a folder — only that folder —
    /// whenever its watcher hears of a change. Folders the server does not have (or
    /// cannot open), and any past `AccountConfiguration.maxWatchedFolders`, are
    /// reported as `notWatched` and skipped; with none left it returns.
    ///
    /// Every fault leads to a reconnect with exponential backoff (1 s doubling to
    /// 5 min): a watcher's on its own connection, the sync connection's followed by a
    /// full sync. Returns when `shouldStop` says so (asked about twice a second on the
    /// calling thread), after the watchers have left IDLE and logged out; otherwise
    /// runs until the process ends (Ctrl-C). Events come on the calling thread.
    public func watch(folders: [String] = ["INBOX"], idleRenewal: TimeInterval = 28 * 60,
                      shouldStop: () -> Bool = { false }) {
        let reports = WatchReports()
        var watchers: [FolderWatcher] = []
        defer {
            for watcher in watchers { watcher.stop() }
            for watcher in watchers { watcher.waitUntilEnded(timeout: 5) }
            close()
        }
        var failures = 0
        var needsFullSync = true
        var lastUse = Date()
        while !shouldStop() {
            do {
                if needsFullSync {
                    try sync()
                    needsFullSync = false
                    failures = 0
                    lastUse = Date()
                }
                if watchers.isEmpty {
                    let plan = try watchPlan(folders)
                    for skipped in plan.skipped { events(.notWatched(folder: skipped.folder, reason: skipped.reason)) }
                    guard !plan.watched.isEmpty else { return }
                    watchers = plan.watched.compactMap { folder in
                        FolderWatcher(account: account, folder: folder, secrets: secrets, compression: options.compression,
                                      renewal: idleRenewal) { reports.post(folder, $0) }
                    }
                    for watcher in watchers { watcher.start() }
                }
                var synced = Set<String>()
                for (folder, report) in reports.take(waitingAtMost: 0.5) {
                    switch report {
                    case .selected, .changed:
                        if report == .changed { events(.serverChanged(folder: folder)) }
                        // Several reports of one folder in a batch need one sync.
                        guard synced.insert(folder).inserted else { continue }
                        try resync(folder)
                        lastUse = Date()
                    case .idling:
                        events(.idling(folder: folder))
                    case let .reconnecting(delay, error):
                        events(.reconnecting(after: delay, error: "IDLE on \(folder): \(error)"))
                    case .idleUnsupported:
                        events(.notWatched(folder: folder, reason: "the server does not offer IDLE"))
                    }
                }
                if Date().timeIntervalSince(lastUse) > idleRenewal {
                    // Keep the sync connection from the server's autologout (30 min).
                    _ = try? withSession { try $0.send(.noop) }
                    lastUse = Date()
                }
            } catch {
                session?.close()
                session = nil
                failures += 1
                needsFullSync = true
                let delay = Self.reconnectDelay(failures: failures)
                events(.reconnecting(after: delay, error: "\(error)"))
                var waited = 0.0
                while waited < delay, !shouldStop() {
                    Thread.sleep(forTimeInterval: min(0.5, delay - waited))
                    waited += 0.5
                }
            }
        }
    }

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

    /// Syncs a folder; a sync connection that died while it waited is replaced once.
    private func resync(_ folder: String) throws {
        do {
            try syncFolder(named: folder)
        } catch {
            // `withSession` dropped the broken session: this attempt reconnects.
            try syncFolder(named: folder)
        }
    }

    /// 1, 2, 4 … seconds after consecutive failures, at most five minutes.
    public static func reconnectDelay(failures: Int) -> TimeInterval {
        min(pow(2, Double(max(0, failures - 1))), 300)
    }
}
