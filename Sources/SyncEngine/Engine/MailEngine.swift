import Foundation
import MailStore
import MerleConfig
import Transport

/// The sync engine behind the reader and `merle sync --watch`: one thread that applies
/// the UI's commands to the store (at once, journaled, offline too), syncs every
/// account (`AccountSync`) when its servers can be reached, watches folders with IDLE,
/// and reports what happens as `EngineEvent`s. `merle sync` runs the same account sync
/// once, on the calling thread (`syncOnce`).
///
/// Each account is scheduled on its own. A server that does not answer is knocked on
/// once a second (`ServerProbe`) and synced the moment it answers, with a backoff (1 s
/// doubling to `maxRetryDelay`) as the latest time to try again; a refused login is
/// not tried again until the user asks (`syncNow`). Nothing the user does waits for the
/// network. `setOffline(true)` stops all connecting until it is switched back.
///
/// Threading: `send` may be called from any thread; everything else happens on the
/// engine's thread, which owns the mirrors and their sessions. Events are delivered on
/// the engine's thread (stored batches on the mirror's writer thread): the receiver
/// hands them to its own loop.
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
        /// Watch these folders instead of each account's `watch` list (`merle sync
        /// --watch --folder F`).
        public var watchOnly: [String]?
        /// Seconds before an IDLE is renewed (RFC 2177 asks for under 29 minutes). Each
        /// renewal is a round trip that proves the connection still works; a stop or
        /// the offline switch reaches a watcher within about a second regardless.
        public var idleRenewal: TimeInterval = 300
        /// Seconds between knocks on a server that did not answer.
        public var probeInterval: TimeInterval = 1
        /// Seconds the search index's backlog waits after the user's last key
        /// (`noteUserActivity`): its steps share the machine with the reader, so a run of
        /// keys (paging, scrolling, reading message after message) goes without them.
        public var indexingPauseAfterKey: TimeInterval = 0.5
        public init() {}
    }

    let store: MailStore
    let accounts: [AccountConfiguration]
    let secrets: SecretProvider
    let options: Options
    let events: @Sendable (EngineEvent) -> Void

    /// Guards the command queue, `answered`, `stopped`, `lastUserActivity` and `watchers`.
    let condition = NSCondition()
    private var queue: [EngineCommand] = []
    /// When the user last pressed a key (`noteUserActivity`).
    private var lastUserActivity = Date.distantPast
    /// Accounts whose silent servers answered a probe since the loop last looked.
    private var answered: Set<ProbeKey> = []
    var stopped = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)
    /// The thread has returned: a second `stop` has nothing to wait for.
    private var threadEnded = false

    // Engine-thread state.
    private var mirrors: [String: IMAPMirror] = [:]
    private var failures: [String: Int] = [:]
    var states: [String: ConnectionState] = [:]
    /// When each account syncs next (never, after a refused login).
    private var due: [String: Date] = [:]
    /// When the soonest message waiting for its send time (send later, undo send) is due;
    /// the loop wakes then and sends it, between syncs.
    private var scheduledSend: Date = .distantFuture
    private var probes: [ProbeKey: ServerProbe] = [:]
    /// Accounts whose next sync was started by a probe's answer. Should it fail anyway (the
    /// server takes connections and drops them), the backoff alone decides the next try.
    private var syncAfterAnswer: Set<String> = []
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

    /// The user pressed a key: the search index's backlog waits until they pause
    /// (`Options.indexingPauseAfterKey`). Commands and syncs are not held back.
    public func noteUserActivity() {
        condition.withLock { lastUserActivity = Date() }
    }

    /// When the backlog may take its next step, as far as the user is concerned.
    /// Call with `condition` locked.
    private var indexingAllowedAt: Date { lastUserActivity.addingTimeInterval(options.indexingPauseAfterKey) }

    /// Queues a command; it runs on the engine's thread in the order sent.
    public func send(_ command: EngineCommand) {
        condition.withLock {
            queue.append(command)
            condition.signal()
        }
    }

    /// Stops after the current step and waits (at most `timeout` seconds) for the
    /// thread and for the IDLE watchers to leave IDLE and log out, which takes about a
    /// second even while the engine's thread is busy.
    public func stop(timeout: TimeInterval = 10) {
        let deadline = Date().addingTimeInterval(timeout)
        let (running, ended) = condition.withLock {
            stopped = true
            condition.signal()
            return (startedWatchers, threadEnded)
        }
        for watcher in running { watcher.stop() }
        if thread != nil, !ended { _ = finished.wait(timeout: .now() + timeout) }
        for watcher in running { watcher.waitUntilEnded(timeout: max(0, deadline.timeIntervalSinceNow)) }
    }

    // MARK: - Once, on the calling thread (`merle sync`)

    /// Syncs `accounts` once on the calling thread, the way the engine's loop does, and
    /// returns what each did. `folder`: only that folder (IMAP accounts). The store's
    /// upkeep follows, with the bodies indexed now unless many wait.
    public func syncOnce(_ chosen: [AccountConfiguration], folder: String? = nil) -> [(AccountConfiguration, AccountSync.Outcome)] {
        var results: [(AccountConfiguration, AccountSync.Outcome)] = []
        for account in chosen {
            var sync = AccountSync(store: store, account: account, secrets: secrets, events: events)
            sync.folder = folder
            var outcome: AccountSync.Outcome
            do {
                outcome = sync.run(mirror: try mirror(for: account.name))
            } catch {
                outcome = AccountSync.Outcome()
                outcome.incoming = error
            }
            results.append((account, outcome))
        }
        for mirror in mirrors.values { mirror.close() }
        mirrors = [:]
        return results
    }

    // MARK: - The loop

    private func run() {
        var indexBacklog = SearchBacklog(store: store)
        for account in accounts {
            report(account.name, offlineByChoice ? .offlineByChoice : .connecting)
            due[account.name] = Date()
        }
        while true {
            let (commands, knocked) = condition.withLock { () -> ([EngineCommand], Set<ProbeKey>) in
                while queue.isEmpty, answered.isEmpty, !stopped, offlineByChoice || Date() < nextWake {
                    // The backlog's next step is due once the user has paused.
                    let indexAt = indexBacklog.waiting ? indexingAllowedAt : .distantFuture
                    if Date() >= indexAt { break }
                    let until = min(offlineByChoice ? .distantFuture : nextWake, indexAt)
                    // (A wait until `distantFuture` overflows on Linux: wait without a deadline.)
                    if until == .distantFuture { condition.wait() } else { _ = condition.wait(until: until) }
                }
                defer { (queue, answered) = ([], []) }
                return (queue, answered)
            }
            if condition.withLock({ stopped }) { break }

            var replayWanted = false
            // The user asked (`$`): the outbox goes now, backoff or not; timed syncs keep it.
            var sendNow = false
            var actions = 0
            for key in knocked { serverAnswered(key) }
            for command in commands {
                switch command {
                case .syncNow:
                    // The user asks: every account now, a refused login too.
                    for account in accounts { due[account.name] = Date() }
                    sendNow = true
                case let .setOffline(offline):
                    offlineByChoice = offline
                    if offline {
                        stopWatchers()
                        stopProbes()
                    }
                    for account in accounts {
                        report(account.name, offline ? .offlineByChoice : .connecting)
                        due[account.name] = Date()
                    }
                case let .fetchBody(messageId): fetchBody(messageId)
                case .indexEncryptedBodies:
                    // Queued again for the index's backlog (recounted below); nothing to say.
                    _ = try? store.queueEncryptedBodiesForSearch()
                case let .syncFolder(account, folder): syncFolder(account, folder)
                case let .serverSearch(folderId, search): serverSearch(folderId, search)
                case let .folderOpened(account, folder): openFolder = (account, folder)
                case let .unsubscribeOneClick(uri): unsubscribe(uri)
                default:
                    actions += 1
                    replayWanted = apply(command) || replayWanted
                }
            }
            // A message whose send time came goes now, without a whole sync.
            if !offlineByChoice, Date() >= scheduledSend { sendScheduled() }
            // An iteration with nothing to do before the next sync is an index step alone.
            let indexStepOnly = commands.isEmpty && knocked.isEmpty && Date() < nextDue
            if !offlineByChoice, !indexStepOnly {
                let now = Date()
                let dueNow = accounts.filter { (due[$0.name] ?? now) <= now }
                for account in dueNow {
                    sync(account, sendingNow: sendNow)
                    if condition.withLock({ stopped }) { break }
                }
                if dueNow.isEmpty, replayWanted { replayAll() }
                updateWatchers()
            }
            // A sync, a watched folder's new mail or a body opened may have queued bodies.
            if !indexStepOnly { indexBacklog.recount() }
            if !indexStepOnly || !commands.isEmpty { refreshScheduledSend() }
            // Between commands, a step of the search index's backlog (downloaded bodies):
            // a command that arrives meanwhile waits for one step at most.
            if commands.isEmpty, knocked.isEmpty, indexBacklog.waiting, condition.withLock({ Date() >= indexingAllowedAt }) {
                indexBacklog.step(events)
            }
        }
        stopWatchers()
        stopProbes()
        for mirror in mirrors.values { mirror.close() }
    }

    /// The soonest an account is due (never when none is).
    private var nextDue: Date {
        accounts.compactMap { due[$0.name] }.min() ?? .distantFuture
    }

    /// The soonest the loop has work without a command: a sync, or a send time.
    private var nextWake: Date { min(nextDue, scheduledSend) }

    /// Reads when the next message waiting for its send time is due (accounts that send).
    private func refreshScheduledSend() {
        var soonest = Date.distantFuture
        defer { scheduledSend = soonest }
        let now = Date()
        let sending = Set(accounts.filter { $0.smtp != nil }.map(\.name))
        guard !sending.isEmpty, let records = try? store.accounts() else { return }
        for record in records where sending.contains(record.name) {
            guard let at = try? store.nextScheduledSend(accountId: record.id!, after: now) else { continue }
            soonest = min(soonest, at)
        }
    }

    /// Sends the messages whose send time came, for every account that is online (an
    /// offline one sends them with its next sync).
    private func sendScheduled() {
        scheduledSend = .distantFuture
        for account in accounts where account.smtp != nil {
            guard case .online? = states[account.name] else { continue }
            flushOutbox(account)
        }
        refreshScheduledSend()
    }

    // MARK: - Syncing

    /// One account, then its store upkeep; schedules its next sync. `sendingNow`: every
    /// queued message is tried, not only those whose retry time has come.
    private func sync(_ account: AccountConfiguration, sendingNow: Bool = false) {
        let outcome: AccountSync.Outcome
        do {
            var sync = AccountSync(store: store, account: account, secrets: secrets, events: events)
            sync.sendEverythingNow = sendingNow
            outcome = sync.run(mirror: try mirror(for: account.name))
        } catch {
            var failed = AccountSync.Outcome()
            failed.incoming = error
            outcome = failed
        }
        let answered = syncAfterAnswer.remove(account.name) != nil
        if let error = outcome.incoming {
            wentOffline(account, error, probing: !answered)
        } else {
            failures[account.name] = 0
            due[account.name] = Date().addingTimeInterval(options.pollInterval)
            stopProbe(ProbeKey(account: account.name, smtp: false))
            report(account.name, .online)
            if !outcome.refusedFolders.isEmpty {
                // The account is online and the rest is in step: a failure in words, not an offline state.
                events(.failed("\(account.name): " + IMAPSyncError.foldersRefused(outcome.refusedFolders).description))
            }
        }
        if let error = outcome.sending {
            sendingFailed(account, error)
        } else if outcome.sent != nil {
            stopProbe(ProbeKey(account: account.name, smtp: true))
        }
        do {
            try StoreUpkeep.afterSync(store, indexing: .inBackground, events: events)
        } catch {
            events(.failed("tidying the store failed: \(StoreError.explain(error)); the next sync tries again"))
        }
    }

    /// Sends what the outbox holds and replays the journal, for every account that is
    /// online (right after an action, without a whole sync).
    private func replayAll() {
        for account in accounts {
            guard case .online? = states[account.name] else { continue }
            do {
                if account.smtp != nil { flushOutbox(account) }
                if case .imap = account.incoming, let mirror = try mirror(for: account.name) {
                    try mirror.replayJournal()
                }
            } catch {
                wentOffline(account, error)
            }
        }
    }

    /// Sends what is due; `ignoringBackoff`: every queued message (the server that did
    /// not answer is back, so the reason they wait is gone).
    private func flushOutbox(_ account: AccountConfiguration, ignoringBackoff: Bool = false) {
        do {
            let sent = try OutboxSender(store: store, secrets: secrets).flush(account: account, ignoringBackoff: ignoringBackoff)
            if sent.sent + sent.failed + sent.uncertain + sent.deferred > 0 {
                events(.outboxChanged)
                events(.note(.sent(account: account.name, sent)))
            }
            stopProbe(ProbeKey(account: account.name, smtp: true))
        } catch {
            events(.outboxChanged)
            sendingFailed(account, error)
        }
    }

    /// One folder, when its watcher saw a change. A sync connection that died while it
    /// waited (the server dropped every session) is replaced once.
    private func syncFolder(_ name: String, _ folder: String) {
        guard !offlineByChoice, let account = accounts.first(where: { $0.name == name }) else { return }
        do {
            guard let mirror = try mirror(for: name) else { return }
            do {
                try mirror.syncFolder(named: folder)
            } catch where FailureKind(error) == .unreachable {
                try mirror.syncFolder(named: folder)
            }
            if states[name] != .online {
                failures[name] = 0
                due[name] = Date()
                report(name, .online)
            }
            try? StoreUpkeep.afterSync(store, indexing: .inBackground, events: events)
        } catch {
            wentOffline(account, error)
        }
    }

    /// Records a failure of mail in; the account is offline until the server answers
    /// (probed), the backoff's time, or — after a refused login — the user asks.
    private func wentOffline(_ account: AccountConfiguration, _ error: Error, probing: Bool = true) {
        let reason = StoreError.explain(error)
        switch FailureKind(error) {
        case .loginRefused:
            due[account.name] = .distantFuture
            stopProbe(ProbeKey(account: account.name, smtp: false))
            report(account.name, .loginRefused(reason: reason))
        case let kind:
            let count = (failures[account.name] ?? 0) + 1
            failures[account.name] = count
            let retryAt = Date().addingTimeInterval(min(IMAPMirror.reconnectDelay(failures: count), options.maxRetryDelay))
            due[account.name] = retryAt
            if kind == .unreachable, probing {
                startProbe(ProbeKey(account: account.name, smtp: false), endpoint: account.incoming.server.endpoint)
            }
            report(account.name, .offline(reason: reason, retryAt: retryAt))
        }
    }

    /// Sending failed; mail in is not affected. A server that did not answer is probed
    /// and the outbox sent the moment it answers.
    private func sendingFailed(_ account: AccountConfiguration, _ error: Error) {
        let reason = StoreError.explain(error)
        switch FailureKind(error) {
        case .unreachable:
            if let smtp = account.smtp, probes[ProbeKey(account: account.name, smtp: true)] == nil {
                events(.failed("\(account.name): cannot reach the SMTP server (\(reason)); the mail waits in the outbox and goes out as soon as it answers"))
                startProbe(ProbeKey(account: account.name, smtp: true), endpoint: smtp.endpoint)
            }
        case .loginRefused:
            events(.failed("\(account.name): the SMTP server refused the login (\(reason)); the mail waits in the outbox until the password in the config is fixed"))
        case .other:
            events(.failed("\(account.name): sending failed: \(reason); the mail stays in the outbox and is tried again"))
        }
    }

    /// A silent server answered a probe: sync (or send) now.
    private func serverAnswered(_ key: ProbeKey) {
        probes.removeValue(forKey: key)
        guard !offlineByChoice, let account = accounts.first(where: { $0.name == key.account }) else { return }
        if key.smtp {
            flushOutbox(account, ignoringBackoff: true)
        } else if case .offline? = states[key.account] {
            due[key.account] = Date()
            syncAfterAnswer.insert(key.account)
            report(key.account, .connecting)
        }
    }

    private func startProbe(_ key: ProbeKey, endpoint: Endpoint) {
        guard probes[key] == nil else { return }
        let probe = ServerProbe(endpoint: endpoint, interval: options.probeInterval) { [weak self] in
            guard let self else { return }
            condition.withLock {
                answered.insert(key)
                condition.signal()
            }
        }
        probes[key] = probe
        probe.start()
    }

    private func stopProbe(_ key: ProbeKey) {
        probes.removeValue(forKey: key)?.stop()
    }

    private func stopProbes() {
        for probe in probes.values { probe.stop() }
        probes = [:]
    }

    func report(_ account: String, _ state: ConnectionState) {
        guard states[account] != state else { return }
        states[account] = state
        events(.connection(account: account, state))
    }

    /// The mirror of an IMAP account, made on first use.
    func mirror(for name: String) throws -> IMAPMirror? {
        if let mirror = mirrors[name] { return mirror }
        guard let account = accounts.first(where: { $0.name == name }), case .imap = account.incoming else { return nil }
        let mirror = try AccountSync.mirror(store: store, account: account, secrets: secrets, options: options.imap, events: events)
        mirrors[name] = mirror
        return mirror
    }
}

/// A probed server: an account's incoming server, or its SMTP server.
struct ProbeKey: Hashable, Sendable {
    var account: String
    var smtp: Bool
}
