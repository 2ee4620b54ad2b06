import Foundation
import IMAPProtocol
import MerleConfig
import Transport

/// Waits in IDLE (RFC 2177) on one folder, on a connection and a thread of its own,
/// and only reports what it sees: the owner syncs the folder on its own thread, so
/// the store and the sync session are never used from two threads.
///
/// Every fault (connect, login, SELECT, a dropped or silent connection) leads to a
/// reconnect after a backoff of 1 s doubling to `maxRetryDelay`. A stop request is
/// noticed within `slice` seconds: IDLE waits in slices (`nextIdleResponse(timeout:)`)
/// rather than in one read that no other thread could interrupt safely; the watcher
/// then ends IDLE with DONE and logs out.
///
/// Threading: `start`, `stop`, `waitUntilEnded` and `hasEnded` may be called from any
/// thread; `report` is called on the watcher's thread.
final class FolderWatcher: @unchecked Sendable {
    /// What the watcher tells its owner.
    enum Report: Sendable, Equatable {
        /// The folder is selected on a new connection. What changed before (since the
        /// owner's last sync, or while the connection was down) is the owner's to sync.
        case selected
        /// IDLE runs (said once per connection).
        case idling
        /// The server announced a change (EXISTS, EXPUNGE, VANISHED, FETCH, RECENT).
        case changed
        /// The connection failed; the next attempt comes after `after` seconds.
        case reconnecting(after: Double, error: String)
        /// The server does not offer IDLE: the watcher has ended.
        case idleUnsupported
    }

    let account: String
    let folder: String
    private let renewal: TimeInterval
    private let slice: TimeInterval
    private let maxRetryDelay: TimeInterval
    private let connect: @Sendable () throws -> IMAPSession
    private let report: @Sendable (Report) -> Void

    private let condition = NSCondition()
    private var stopRequested = false
    private var ended = false

    /// A watcher that logs in with `connect` (a logged-in session; tests hand in
    /// scripted ones). `renewal`: seconds before IDLE is re-issued (RFC 2177 asks for
    /// under 29 minutes; each renewal also proves the connection still works).
    init(account: String, folder: String, renewal: TimeInterval, slice: TimeInterval = 0.5, maxRetryDelay: TimeInterval = 300,
         connect: @escaping @Sendable () throws -> IMAPSession, report: @escaping @Sendable (Report) -> Void) {
        self.account = account
        self.folder = folder
        self.renewal = renewal
        self.slice = slice
        self.maxRetryDelay = maxRetryDelay
        self.connect = connect
        self.report = report
    }

    /// A watcher of `folder` of an IMAP account (nil for POP3).
    convenience init?(account: AccountConfiguration, folder: String, secrets: @escaping SecretProvider, compression: Bool,
                      renewal: TimeInterval, maxRetryDelay: TimeInterval = 300, report: @escaping @Sendable (Report) -> Void) {
        guard case let .imap(server) = account.incoming else { return nil }
        let name = account.name
        self.init(account: name, folder: folder, renewal: renewal, maxRetryDelay: maxRetryDelay, connect: {
            let credentials = try IMAPCredentials.make(server: server, account: name, secrets: secrets)
            // IDLE waits in slices, so the I/O timeout bounds only real reads and writes.
            return try IMAPSession.open(to: server.endpoint, tls: server.tlsSettings, timeouts: .standard,
                                        configuration: SessionConfiguration(tlsMode: server.tls, compression: compression),
                                        credentials: credentials)
        }, report: report)
    }

    /// Starts the watcher's thread.
    func start() {
        let thread = Thread { [self] in
            run()
            condition.withLock {
                ended = true
                condition.broadcast()
            }
        }
        thread.name = "merle-idle-\(account)-\(folder)"
        thread.start()
    }

    /// Asks the watcher to end; returns at once. It leaves IDLE within `slice` seconds
    /// (plus the DONE and LOGOUT round trips), or at once while waiting to reconnect.
    func stop() {
        condition.withLock {
            stopRequested = true
            condition.broadcast()
        }
    }

    /// Waits at most `timeout` seconds for the thread to end; true when it has.
    @discardableResult
    func waitUntilEnded(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        return condition.withLock {
            while !ended {
                if !condition.wait(until: deadline) { return ended }
            }
            return true
        }
    }

    /// Whether the thread has ended (stopped, or the server cannot IDLE).
    var hasEnded: Bool { condition.withLock { ended } }

    private var isStopping: Bool { condition.withLock { stopRequested } }

    // MARK: - The watcher's thread

    private func run() {
        var failures = 0
        while !isStopping {
            var session: IMAPSession?
            do {
                let opened = try connect()
                session = opened
                guard opened.has(.idle) else {
                    report(.idleUnsupported)
                    try? opened.logout()
                    return
                }
                try opened.execute(.select(MailboxName(folder), []))
                report(.selected)
                try idle(on: opened) { failures = 0 }
                try? opened.logout()
            } catch {
                session?.close()
                guard !isStopping else { return }
                failures += 1
                let delay = min(IMAPMirror.reconnectDelay(failures: failures), maxRetryDelay)
                report(.reconnecting(after: delay, error: "\(error)"))
                sleep(delay)
            }
        }
    }

    /// IDLE until a stop request, renewing every `renewal` seconds and reporting each
    /// announced change. `working` is called once IDLE runs: the backoff starts over.
    private func idle(on session: IMAPSession, working: () -> Void) throws {
        var first = true
        while !isStopping {
            try session.beginIdle()
            working()
            if first { report(.idling) }
            first = false
            let renewAt = Date().addingTimeInterval(renewal)
            var announced = false
            while !announced, !isStopping {
                let left = renewAt.timeIntervalSinceNow
                guard left > 0 else { break }
                switch try session.nextIdleResponse(timeout: min(slice, left)) {
                case .some(.exists), .some(.expunge), .some(.vanished), .some(.fetch), .some(.recent): announced = true
                default: continue
                }
            }
            try session.endIdle()
            if announced { report(.changed) }
        }
    }

    /// Sleeps `seconds`, or less when a stop is requested meanwhile.
    private func sleep(_ seconds: TimeInterval) {
        let deadline = Date().addingTimeInterval(seconds)
        condition.withLock {
            while !stopRequested, condition.wait(until: deadline) {}
        }
    }
}
