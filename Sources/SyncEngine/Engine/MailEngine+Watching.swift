import Foundation
import MerleConfig

/// One watched folder of one account.
struct WatchKey: Hashable, Sendable {
    var account: String
    var folder: String
}

extension MailEngine {
    /// Brings the IDLE watchers in line with what is wanted (engine thread): for each
    /// IMAP account, its `watch` folders plus the folder the UI has open. A watcher of
    /// a folder no longer wanted (the UI opened another) is stopped at once; missing
    /// ones start once the account is online, for folders the server lists. A change a
    /// watcher sees becomes a `syncFolder` of that folder alone.
    func updateWatchers() {
        guard options.watchFolders, !offlineByChoice else { return }
        for account in accounts {
            guard case .imap = account.incoming else { continue }
            var wanted = options.watchOnly ?? account.watchFolders
            if let open = openFolder, open.account == account.name, !wanted.contains(where: { IMAPMirror.sameName($0, open.folder) }) {
                wanted.append(open.folder)
            }
            let unwanted = watchers.filter { key, _ in
                key.account == account.name && !wanted.contains { IMAPMirror.sameName($0, key.folder) }
            }
            for (key, watcher) in unwanted {
                watcher.stop()
                condition.withLock { _ = watchers.removeValue(forKey: key) }
            }
            // Before the first sync the folder list is unknown: wait for it.
            guard case .online? = states[account.name], let mirror = try? mirror(for: account.name),
                  let plan = try? mirror.watchPlan(wanted, limit: wanted.count) else { continue }
            for skipped in plan.skipped where (options.watchOnly ?? account.watchFolders).contains(skipped.folder) {
                guard reportedUnwatchable.insert(WatchKey(account: account.name, folder: skipped.folder)).inserted else { continue }
                events(.note(.notWatched(account: account.name, folder: skipped.folder, reason: skipped.reason)))
            }
            for folder in plan.watched where watchers[WatchKey(account: account.name, folder: folder)] == nil {
                startWatcher(account, folder)
            }
        }
    }

    private func startWatcher(_ account: AccountConfiguration, _ folder: String) {
        let name = account.name
        let events = events
        guard let watcher = FolderWatcher(account: account, folder: folder, secrets: secrets, compression: account.compress,
                                          renewal: options.idleRenewal, maxRetryDelay: options.maxRetryDelay, report: { [weak self] report in
            switch report {
            case .selected, .changed: self?.send(.syncFolder(account: name, folder: folder))
            case .idling: events(.note(.watching(account: name, folder: folder)))
            case let .reconnecting(after, error): events(.note(.watchReconnecting(account: name, folder: folder, after: after, error: error)))
            case .idleUnsupported: events(.note(.notWatched(account: name, folder: folder, reason: "the server does not offer IDLE")))
            }
        }) else { return }
        condition.withLock {
            watchers[WatchKey(account: name, folder: folder)] = watcher
            startedWatchers.removeAll { $0.hasEnded }
            startedWatchers.append(watcher)
        }
        watcher.start()
    }

    /// Stops every watcher (offline switch, engine stop) without waiting for them.
    func stopWatchers() {
        let running = condition.withLock {
            defer { watchers = [:] }
            return Array(watchers.values)
        }
        for watcher in running { watcher.stop() }
    }

    /// The folders watched now (for tests and diagnostics).
    var watchedFolders: [WatchKey] {
        condition.withLock { Array(watchers.keys) }
    }

    /// How many watcher threads have not ended yet, stopped ones included.
    var runningWatcherCount: Int {
        condition.withLock { startedWatchers.filter { !$0.hasEnded }.count }
    }
}
