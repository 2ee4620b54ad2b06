import Foundation
import IMAPProtocol
import MailStore
import MerleConfig
import Transport

/// Waits in IDLE (RFC 2177) on an IMAP account's INBOX on a connection and thread of its
/// own, and only says when the server announced a change: the engine then syncs the
/// folder on its own thread, so the store and the sync session are never used from two
/// threads. After a fault it reconnects with backoff (1 s doubling to 5 min).
///
/// Stopping takes effect after the next server response or IDLE renewal (`renewal`
/// seconds): a blocked TLS read cannot be interrupted safely from another thread.
final class InboxWatcher: @unchecked Sendable {
    private let account: AccountConfiguration
    private let server: ServerConfiguration
    private let secrets: SecretProvider
    private let renewal: TimeInterval
    private let shouldRun: @Sendable () -> Bool
    private let changed: @Sendable () -> Void

    init?(account: AccountConfiguration, secrets: @escaping SecretProvider, renewal: TimeInterval,
          shouldRun: @escaping @Sendable () -> Bool, changed: @escaping @Sendable () -> Void) {
        guard case let .imap(server) = account.incoming else { return nil }
        self.account = account
        self.server = server
        self.secrets = secrets
        self.renewal = renewal
        self.shouldRun = shouldRun
        self.changed = changed
    }

    /// Starts the watching thread; it ends by itself once `shouldRun` says no.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "merle-idle-\(account.name)"
        thread.start()
    }

    private func run() {
        var failures = 0
        while shouldRun() {
            do {
                let session = try open()
                defer { try? session.logout() }
                guard session.has(.idle) else { return }
                _ = try session.execute(.select(.inbox, []))
                failures = 0
                while shouldRun() {
                    try session.beginIdle()
                    let renewAt = Date().addingTimeInterval(renewal)
                    var announced = false
                    while !announced, Date() < renewAt, shouldRun() {
                        switch try session.nextIdleResponse() {
                        case .exists, .expunge, .vanished, .fetch, .recent: announced = true
                        default: continue
                        }
                    }
                    try session.endIdle()
                    if announced { changed() }
                }
            } catch {
                failures += 1
                let delay = IMAPMirror.reconnectDelay(failures: failures)
                var waited = 0.0
                while waited < delay, shouldRun() {
                    Thread.sleep(forTimeInterval: min(0.5, delay - waited))
                    waited += 0.5
                }
            }
        }
    }

    private func open() throws -> IMAPSession {
        let credentials = try IMAPCredentials.make(server: server, account: account.name, secrets: secrets)
        // Reads while idling wait past the renewal; a silent server ends in a reconnect.
        let timeouts = Timeouts(connect: Timeouts.standard.connect, io: renewal + 60)
        return try IMAPSession.open(to: server.endpoint, tls: server.tlsSettings, timeouts: timeouts,
                                    configuration: SessionConfiguration(tlsMode: server.tls), credentials: credentials)
    }
}
