import Foundation
import IMAPProtocol
import MailStore
import Transport

extension IMAPMirror {
    /// Syncs, then waits in IDLE (RFC 2177) on `folder` and resyncs it whenever the
    /// server announces a change (EXISTS, EXPUNGE, VANISHED, FETCH). IDLE is ended and
    /// re-issued every `idleRenewal` seconds (under RFC 2177's 29 minutes). After any
    /// fault it reconnects with exponential backoff (1 s doubling to 5 min) and syncs
    /// everything again first. Returns only when `shouldStop` says so, checked after
    /// each server response; otherwise runs until the process ends (Ctrl-C).
    ///
    /// IDLE uses its own connection whose reads may wait `idleRenewal` plus a minute;
    /// the sync connection keeps the normal timeouts.
    public func watch(folder: String = "INBOX", idleRenewal: TimeInterval = 28 * 60,
                      shouldStop: () -> Bool = { false }) {
        var failures = 0
        var needsFullSync = true
        while !shouldStop() {
            var idleSession: IMAPSession?
            do {
                if needsFullSync {
                    try sync()
                    needsFullSync = false
                }
                let idler = try openIdleSession(idleRenewal: idleRenewal)
                idleSession = idler
                try idler.execute(.select(MailboxName(folder), []))
                // Anything that arrived between the sync and this SELECT.
                try syncFolder(named: folder)
                while !shouldStop() {
                    try idler.beginIdle()
                    // Back in IDLE: the connection works again, the backoff starts over.
                    failures = 0
                    events(.idling(folder: folder))
                    let renewAt = Date().addingTimeInterval(idleRenewal)
                    var changed = false
                    while !changed, Date() < renewAt, !shouldStop() {
                        switch try idler.nextIdleResponse() {
                        case .exists, .expunge, .vanished, .fetch, .recent:
                            changed = true
                        default:
                            continue
                        }
                    }
                    try idler.endIdle()
                    if changed {
                        events(.serverChanged(folder: folder))
                        try resync(folder)
                    } else {
                        // Keep the sync connection from the server's autologout (30 min).
                        _ = try? withSession { try $0.send(.noop) }
                    }
                }
                try? idler.logout()
            } catch {
                idleSession?.close()
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
        close()
    }

    /// Syncs a folder; a sync connection that died while IDLE waited is replaced once.
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

    private func openIdleSession(idleRenewal: TimeInterval) throws -> IMAPSession {
        let credentials = try IMAPCredentials.make(server: server, account: account.name, secrets: secrets)
        let configuration = SessionConfiguration(tlsMode: server.tls, compression: options.compression, extensionsToEnable: [.utf8Accept])
        let timeouts = Timeouts(connect: options.timeouts.connect, io: idleRenewal + 60)
        return try IMAPSession.open(to: server.endpoint, tls: server.tlsSettings, timeouts: timeouts,
                                    configuration: configuration, credentials: credentials)
    }
}
