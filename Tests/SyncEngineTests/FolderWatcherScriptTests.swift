import Foundation
import IMAPProtocol
import Testing
import TransportTesting
import Transport
@testable import SyncEngine

/// `FolderWatcher` over scripted connections: what it reports, that a dropped
/// connection leads to a reconnect, and that a stop request is answered with DONE and
/// LOGOUT within a slice.
@Suite struct FolderWatcherScriptTests {
    static let login = """
    S: * OK [CAPABILITY IMAP4rev1 IDLE] ready
    C: M1 LOGIN u p
    S: M1 OK [CAPABILITY IMAP4rev1 IDLE] Logged in
    C: M2 SELECT Work
    S: * 3 EXISTS
    S: M2 OK [READ-WRITE] Select completed
    """

    /// Hands out one scripted session per connect, in order; a connect past the last fails.
    final class Connections: @unchecked Sendable {
        private let lock = NSLock()
        private var scripts: [String]
        private(set) var made: [ScriptedConnection] = []

        init(_ scripts: [String]) { self.scripts = scripts }

        func connect() throws -> IMAPSession {
            let connection = try lock.withLock {
                guard !scripts.isEmpty else { throw TransportError.closed }
                let connection = ScriptedConnection(transcript: scripts.removeFirst())
                made.append(connection)
                return connection
            }
            let session = IMAPSession(connection: connection, configuration: SessionConfiguration(tlsMode: .insecure, clientID: nil))
            try session.start()
            try session.login(.password(user: "u", password: "p"))
            return session
        }

        var all: [ScriptedConnection] { lock.withLock { made } }
    }

    @Test func changesAreReportedDropsReconnectAndAStopSendsDoneAndLogout() throws {
        let connections = Connections([
            Self.login + """

            C: M3 IDLE
            S: + idling
            -- QUIET
            S: * 4 EXISTS
            C: DONE
            S: M3 OK Idle completed
            C: M4 IDLE
            S: + idling
            -- QUIET
            -- CLOSE
            """,
            Self.login + """

            C: M3 IDLE
            S: + idling
            C: DONE
            S: M3 OK Idle completed
            C: M4 LOGOUT
            S: * BYE Logging out
            S: M4 OK Logout completed
            """,
        ])
        let reports = ReportLog()
        let watcher = FolderWatcher(account: "scripted", folder: "Work", renewal: 600, slice: 0.05, maxRetryDelay: 0.05,
                                    connect: { try connections.connect() }, report: { reports.append($0) })
        watcher.start()
        #expect(reports.wait { $0.filter { $0 == .idling }.count == 2 }, "\(reports.all)")
        let asked = Date()
        watcher.stop()
        #expect(watcher.waitUntilEnded(timeout: 5))
        #expect(Date().timeIntervalSince(asked) < 1)
        let seen = reports.all
        #expect(seen.count == 6, "\(seen)")
        #expect(Array(seen.prefix(3)) == [.selected, .idling, .changed])
        if case let .reconnecting(delay, error)? = seen.dropFirst(3).first {
            #expect(delay == 0.05, "the backoff is capped at maxRetryDelay")
            #expect(error.contains("closed"), "\(error)")
        } else {
            Issue.record("no reconnect after the drop: \(seen)")
        }
        #expect(Array(seen.suffix(2)) == [.selected, .idling])
        let made = connections.all
        #expect(made.count == 2)
        #expect(made.last?.isFinished == true, "DONE and LOGOUT were sent: \(String(decoding: made.last?.unmatchedClientBytes ?? [], as: UTF8.self))")
    }

    @Test func aServerWithoutIdleEndsTheWatcher() throws {
        let connections = Connections(["""
        S: * OK [CAPABILITY IMAP4rev1] ready
        C: M1 LOGIN u p
        S: M1 OK [CAPABILITY IMAP4rev1] Logged in
        C: M2 LOGOUT
        S: * BYE Logging out
        S: M2 OK Logout completed
        """])
        let reports = ReportLog()
        let watcher = FolderWatcher(account: "scripted", folder: "Work", renewal: 600, slice: 0.05,
                                    connect: { try connections.connect() }, report: { reports.append($0) })
        watcher.start()
        #expect(watcher.waitUntilEnded(timeout: 5), "it ends by itself")
        #expect(reports.all == [.idleUnsupported])
        #expect(connections.all.first?.isFinished == true)
    }
}
