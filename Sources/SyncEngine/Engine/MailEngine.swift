import Foundation
import GRDB
import MailStore
import MerleConfig

/// The engine behind the TUI: one thread that applies the UI's commands to the store
/// (at once, journaled, offline too), replays the journal and syncs every account when
/// the servers can be reached, and reports what happens as `EngineEvent`s.
///
/// It notices going offline by itself (a failed connect, a timeout, a dropped
/// connection) and retries with backoff (1 s doubling to `maxRetryDelay`); nothing the
/// user does waits for the network. `setOffline(true)` stops all connecting until it is
/// switched back.
///
/// Threading: `send` may be called from any thread; everything else happens on the
/// engine's thread, which owns the mirrors and their sessions. Events are delivered on
/// the engine's thread: the receiver hands them to its own loop.
public final class MailEngine: @unchecked Sendable {
    /// How the engine paces its work.
    public struct Options: Sendable {
        /// Seconds between syncs while online.
        public var pollInterval: TimeInterval = 120
        /// The longest wait between reconnect attempts.
        public var maxRetryDelay: TimeInterval = 300
        public var imap = IMAPSyncOptions()
        /// Start switched offline (the config's or command line's plane switch).
        public var startOffline = false
        /// Wait in IDLE on each IMAP account's `watch` folders and on the folder the UI
        /// has open, so new mail shows at once.
        public var watchFolders = true
        /// Seconds before an IDLE is renewed (RFC 2177 asks for under 29 minutes). Each
        /// renewal is a round trip that proves the connection still works; a stop or
        /// the offline switch reaches a watcher within about a second regardless.
        public var idleRenewal: TimeInterval = 300
        public init() {}
    }

    let store: MailStore
    let accounts: [AccountConfiguration]
    let secrets: SecretProvider
    let options: Options
    let events: @Sendable (EngineEvent) -> Void

    /// Guards the command queue, `stopped` and `watchers`.
    let condition = NSCondition()
    private var queue: [EngineCommand] = []
    var stopped = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)
    /// The thread has returned: a second `stop` has nothing to wait for.
    private var threadEnded = false

    // Engine-thread state.
    private var mirrors: [String: IMAPMirror] = [:]
    private var failures: [String: Int] = [:]
    var states: [String: ConnectionState] = [:]
    var offlineByChoice: Bool
    /// The folder the UI has open (`folderOpened`): watched besides the `watch` folders.
    var openFolder: (account: String, folder: String)?
    /// The IDLE watchers, by account and folder; changed on the engine's thread under
    /// `condition`, so `stop` can reach them while that thread is busy.
    var watchers: [WatchKey: FolderWatcher] = [:]
    /// Every watcher started whose thread may still run (stopped ones leave IDLE and
    /// log out on their own thread), so `stop` can wait for them.
    var startedWatchers: [FolderWatcher] = []
    /// Configured folders already reported as not watchable (said once, not every loop).
    var reportedUnwatchable: Set<WatchKey> = []

    public init(store: MailStore, accounts: [AccountConfiguration], secrets: @escaping SecretProvider = passwordCommandSecrets,
                options: Options = Options(), events: @escaping @Sendable (EngineEvent) -> Void) {
        self.store = store
        self.accounts = accounts
        self.secrets = secrets
        self.options = options
        self.events = events
        offlineByChoice = options.startOffline
    }

    /// Starts the engine's thread; it syncs at once unless switched offline.
    public func start() {
        let thread = Thread { [self] in
            run()
            condition.withLock { threadEnded = true }
            finished.signal()
        }
        thread.name = "merle-engine"
        self.thread = thread
        thread.start()
    }

    /// Queues a command; it runs on the engine's thread in the order sent.
    public func send(_ command: EngineCommand) {
        condition.lock()
        queue.append(command)
        condition.signal()
        condition.unlock()
    }

    /// Stops after the current step and waits (at most `timeout` seconds) for the
    /// thread and for the IDLE watchers to leave IDLE and log out, which takes about a
    /// second even while the engine's thread is busy.
    public func stop(timeout: TimeInterval = 10) {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        stopped = true
        let running = startedWatchers
        let ended = threadEnded
        condition.signal()
        condition.unlock()
        for watcher in running { watcher.stop() }
        if thread != nil, !ended { _ = finished.wait(timeout: .now() + timeout) }
        for watcher in running { watcher.waitUntilEnded(timeout: max(0, deadline.timeIntervalSinceNow)) }
    }

    // MARK: - The loop

    private func run() {
        var nextSync = Date()
        var indexBacklog = SearchBacklog(store: store)
        for account in accounts { report(account.name, offlineByChoice ? .offlineByChoice : .connecting) }
        while true {
            condition.lock()
            while queue.isEmpty, !stopped, !indexBacklog.waiting, offlineByChoice || Date() < nextSync {
                // (A wait until `distantFuture` overflows on Linux: wait without a deadline.)
                if offlineByChoice { condition.wait() } else { _ = condition.wait(until: nextSync) }
            }
            if stopped {
                condition.unlock()
                break
            }
            let commands = queue
            queue = []
            condition.unlock()

            var replayWanted = false
            var syncWanted = false
            for command in commands {
                switch command {
                case .syncNow: syncWanted = true
                case let .setOffline(offline):
                    offlineByChoice = offline
                    if offline { stopWatchers() }
                    for account in accounts { report(account.name, offline ? .offlineByChoice : .connecting) }
                    syncWanted = !offline
                case let .fetchBody(messageId): fetchBody(messageId)
                case let .syncFolder(account, folder): syncFolder(account, folder)
                case let .serverSearch(folderId, search): serverSearch(folderId, search)
                case let .folderOpened(account, folder): openFolder = (account, folder)
                default: replayWanted = apply(command) || replayWanted
                }
            }
            // An iteration with no command before the next sync is an index step alone.
            let indexStepOnly = commands.isEmpty && Date() < nextSync
            if !offlineByChoice, !indexStepOnly {
                if syncWanted || Date() >= nextSync {
                    nextSync = syncAll()
                } else if replayWanted {
                    replayAll()
                }
                updateWatchers()
            }
            // A sync, a watched folder's new mail or a body opened may have queued bodies.
            if !indexStepOnly { indexBacklog.recount() }
            // Between commands, a step of the search index's backlog (downloaded bodies):
            // a command that arrives meanwhile waits for one step at most.
            if commands.isEmpty, indexBacklog.waiting { indexBacklog.step(events) }
        }
        stopWatchers()
        for mirror in mirrors.values { mirror.close() }
    }

    // MARK: - Actions

    /// Applies one user action to the store; true when the journal may have grown.
    private func apply(_ command: EngineCommand) -> Bool {
        do {
            let text: String
            switch command {
            case let .setFlags(ids, add, remove):
                let changed = try store.changeFlags(messageIds: ids, add: add, remove: remove)
                text = "\(Self.count(changed, "message")) \(Self.flagWords(add: add, remove: remove))."
            case let .move(ids, folder):
                text = "Moved \(Self.count(try store.moveMessages(ids: ids, to: folder), "message")) to \(folder)."
            case let .copy(ids, folder):
                text = "Copied \(Self.count(try store.copyMessages(ids: ids, to: folder).count, "message")) to \(folder)."
            case let .delete(ids):
                let outcome = try store.deleteMessages(ids: ids)
                text = outcome.expunged > 0 ? "Deleted \(Self.count(outcome.expunged, "message")) for good."
                    : "Moved \(Self.count(outcome.movedToTrash, "message")) to Trash."
            case let .expunge(ids):
                text = "Deleted \(Self.count(try store.expungeMessages(ids: ids), "message")) for good."
            case let .archive(ids):
                text = "Archived \(Self.count(try store.archiveMessages(ids: ids), "message"))."
            case let .createFolder(account, name):
                try store.createFolder(account: account, name: name)
                text = "Created folder \(name)."
            case let .renameFolder(account, from, to):
                try store.renameFolder(account: account, from: from, to: to)
                text = "Renamed \(from) to \(to)."
            case let .deleteFolder(account, name):
                try store.deleteFolder(account: account, name: name)
                text = "Deleted folder \(name)."
            case let .enqueue(account, raw, envelopeFrom, recipients, inReplyTo, replacingDraft):
                guard let record = try store.accounts().first(where: { $0.name == account }) else {
                    throw EngineError.unknownAccount(account)
                }
                try store.enqueue(accountId: record.id!, raw: raw, envelopeFrom: envelopeFrom, recipients: recipients,
                                  inReplyToMessage: inReplyTo)
                if let replacingDraft { try store.expungeMessages(ids: [replacingDraft]) }
                let queued = "Queued the message to \(Self.count(recipients.count, "recipient"))"
                if accounts.first(where: { $0.name == account })?.smtp != nil {
                    text = queued + "; it goes out as soon as the server can be reached."
                } else {
                    // Said as it is: nothing here will send it (the demo, an account without SMTP).
                    text = queued + "; it waits in the outbox: no SMTP server is configured for \(account)."
                }
            case let .saveDraft(account, raw, replacing):
                try store.saveDraft(account: account, raw: raw, replacing: replacing)
                text = "Saved in Drafts."
            case .syncNow, .setOffline, .fetchBody, .syncFolder, .serverSearch, .folderOpened:
                return false
            }
            events(.storeChanged)
            events(.done(text))
            return true
        } catch {
            events(.failed(StoreError.explain(error)))
            return false
        }
    }

    private func fetchBody(_ messageId: Int64) {
        do {
            guard let name = try accountName(ofMessage: messageId), let mirror = try mirror(for: name) else { return }
            try mirror.fetchBody(messageId: messageId)
            events(.storeChanged)
        } catch {
            events(.failed("could not download message \(messageId): \(error); it is shown once the server can be reached"))
        }
    }

    /// One folder, when the server announced a change.
    private func syncFolder(_ account: String, _ folder: String) {
        guard !offlineByChoice else { return }
        do {
            guard let mirror = try mirror(for: account) else { return }
            try mirror.syncFolder(named: folder)
            events(.storeChanged)
        } catch {
            wentOffline(account, error)
        }
    }

    /// The server's SEARCH in one folder; offline it quietly finds nothing more.
    private func serverSearch(_ folderId: Int64, _ search: ServerSearch) {
        guard !offlineByChoice, !search.isEmpty else { return }
        do {
            guard let folder = try store.database.read({ db in try FolderRecord.fetchOne(db, key: folderId) }),
                  let account = try store.accounts().first(where: { $0.id == folder.accountId }),
                  let mirror = try mirror(for: account.name) else { return }
            let ids = try mirror.searchOnServer(folder: folder, search)
            events(.serverSearchResults(folderId: folderId, search: search, ids: ids))
        } catch {
            events(.failed("the server could not search \(StoreError.explain(error)); only the local results are shown"))
        }
    }

    // MARK: - Syncing

    /// Syncs every account; returns when the next sync is due.
    private func syncAll() -> Date {
        var next = Date().addingTimeInterval(options.pollInterval)
        for account in accounts {
            if let delay = sync(account) { next = min(next, Date().addingTimeInterval(delay)) }
            condition.lock()
            let stop = stopped
            condition.unlock()
            if stop { break }
        }
        return next
    }

    /// Sends what the outbox holds and replays the journal, for every account that is
    /// not known to be offline (right after an action, without a whole sync).
    private func replayAll() {
        for account in accounts {
            guard case .online? = states[account.name] else { continue }
            do {
                if account.smtp != nil { try flushOutbox(account) }
                if case .imap = account.incoming, let mirror = try mirror(for: account.name) {
                    try mirror.replayJournal()
                }
                events(.storeChanged)
            } catch {
                wentOffline(account.name, error)
            }
        }
    }

    private func flushOutbox(_ account: AccountConfiguration) throws {
        let sent = try OutboxSender(store: store, secrets: secrets).flush(account: account)
        if sent.sent + sent.failed + sent.uncertain > 0 {
            events(.done("\(account.name): sent \(sent.sent), failed \(sent.failed), uncertain \(sent.uncertain)."))
            for problem in sent.problems { events(.failed("\(account.name): \(problem)")) }
        }
    }

    /// One account: journal and mirror (IMAP) or download (POP3), then the outbox.
    /// Returns a retry delay after a failure.
    private func sync(_ account: AccountConfiguration) -> TimeInterval? {
        do {
            switch account.incoming {
            case .imap:
                guard let mirror = try mirror(for: account.name) else { return nil }
                let refused = try mirror.sync().compactMap { summary in summary.refused.map { (summary.folder, $0) } }
                if !refused.isEmpty {
                    // The account is online and the rest is in step: a failure in words, not an offline state.
                    events(.failed("\(account.name): " + IMAPSyncError.foldersRefused(Dictionary(refused, uniquingKeysWith: { first, _ in first })).description))
                }
            case .pop3:
                let summary = try POP3Downloader(store: store, secrets: secrets).download(account: account) { [events] done, total in
                    events(.progress("\(account.name): downloading \(done) of \(total)", done: done, total: total))
                }
                if summary.downloaded > 0 { events(.done("\(account.name): \(Self.count(summary.downloaded, "new message")).")) }
            }
            failures[account.name] = 0
            report(account.name, .online)
            // Search rows of deleted messages, a batch per sync (see the v5 migration).
            _ = try? store.purgeSearchIndex(limit: 200)
            // Deleted messages' space in the body packs, once a pack is mostly dead.
            _ = try? store.compactBodyPacks()
            if account.smtp != nil {
                try flushOutbox(account)
                if case .imap = account.incoming { try mirrors[account.name]?.replayJournal() }
            }
            events(.storeChanged)
            return nil
        } catch {
            events(.storeChanged)
            return wentOffline(account.name, error)
        }
    }

    /// Records a failure: the account is offline until the retry. Returns the delay.
    @discardableResult
    private func wentOffline(_ account: String, _ error: Error) -> TimeInterval {
        let count = (failures[account] ?? 0) + 1
        failures[account] = count
        let delay = min(IMAPMirror.reconnectDelay(failures: count), options.maxRetryDelay)
        report(account, .offline(reason: StoreError.explain(error), retryIn: delay))
        return delay
    }

    private func report(_ account: String, _ state: ConnectionState) {
        guard states[account] != state else { return }
        states[account] = state
        events(.connection(account: account, state))
    }

    /// The mirror of an IMAP account, made on first use.
    func mirror(for name: String) throws -> IMAPMirror? {
        if let mirror = mirrors[name] { return mirror }
        guard let account = accounts.first(where: { $0.name == name }), case .imap = account.incoming else { return nil }
        let mirror = try IMAPMirror(store: store, account: account, secrets: secrets, options: options.imap) { [events] event in
            switch event {
            case let .headers(folder, done, total): events(.progress("\(name): \(folder): headers \(done) of \(total)", done: done, total: total))
            case let .bodies(folder, done, total): events(.progress("\(name): \(folder): bodies \(done) of \(total)", done: done, total: total))
            case let .journal(done, total): events(.progress("\(name): offline changes \(done) of \(total)", done: done, total: total))
            case let .journalReplayed(summary):
                for problem in summary.problems { events(.failed("\(name): \(problem)")) }
            default: break
            }
        }
        mirrors[name] = mirror
        return mirror
    }

    private func accountName(ofMessage id: Int64) throws -> String? {
        try store.database.read { db in
            try String.fetchOne(db, sql: """
                SELECT account.name FROM message JOIN folder ON folder.id = message.folder_id
                JOIN account ON account.id = folder.account_id WHERE message.id = ?
                """, arguments: [id])
        }
    }

    // MARK: - Words

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    static func flagWords(add: [String], remove: [String]) -> String {
        func name(_ flag: String) -> String {
            switch flag.lowercased() {
            case "\\seen": return "read"
            case "\\flagged": return "flagged"
            case "\\answered": return "answered"
            default: return flag
            }
        }
        var parts: [String] = []
        if !add.isEmpty { parts.append("marked " + add.map(name).joined(separator: ", ")) }
        if !remove.isEmpty {
            parts.append(remove.map { $0.lowercased() == "\\seen" ? "marked unread" : "unmarked \(name($0))" }.joined(separator: ", "))
        }
        return parts.joined(separator: "; ")
    }
}
