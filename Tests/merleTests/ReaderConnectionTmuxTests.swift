import Foundation
import IMAPProtocol
import TestSupport
import Testing
import Transport

/// The reader and its servers in a real terminal, against the real Dovecot behind a
/// proxy that can go away: it says what it waits for, with a countdown that moves; it
/// is back the moment the server answers; a refused login is said as such and not
/// retried; and a first sync shows messages as they land.
@Suite(.serialized) struct ReaderConnectionTmuxTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    /// The reader on `user`'s account through `port`, in tmux.
    func reader(_ user: TestServers.User, imapPort: UInt16, password: String? = nil, rows: Int = 24) throws
        -> (TUITmuxTests.TmuxSession, TemporaryFolder) {
        let folder = try TemporaryFolder()
        let config = try TestConfig.write(in: folder, servers: servers, user: user, name: user.name,
                                          incoming: .init(kind: "imap", port: imapPort, tls: "implicit"), password: password)
        let tmux = try TUITmuxTests.TmuxSession(columns: 120, rows: rows)
        try tmux.type("\(MerleProcess.binary.path) --config \(config) --data-dir \(folder.path)/data")
        try tmux.send("Enter")
        return (tmux, folder)
    }

    /// The seconds of "retrying in N s" on the status line.
    static func countdown(_ screen: String) -> Int? {
        screen.firstMatch(of: /retrying in (\d+) s/).flatMap { Int($0.1) }
    }

    @Test func aServerThatComesBackIsSyncedAtOnceAndTheCountdownMoves() throws {
        let user = try servers.user("kim")
        let client = try servers.imapClient(user)
        try client.emptyMailbox()
        try client.append(Array("From: <a@example.test>\r\nSubject: Before the outage\r\n\r\nx\r\n".utf8), to: .inbox)
        try client.logout()
        var proxy = try FaultProxy(upstreamPort: servers.imapsPort)
        let port = proxy.port
        defer { proxy.stop() }
        let (tmux, folder) = try reader(user, imapPort: port)
        defer { tmux.close(); _ = folder }
        try tmux.waitFor("the synced index") { $0.contains("Before the outage") && $0.contains(" online") }

        // The server goes away: nothing listens on its port any more.
        proxy.stop()
        try servers.kick(user)
        try tmux.send("$")
        try tmux.waitFor("the offline state") { Self.countdown($0) != nil }
        // Failures pile up and the backoff grows; the countdown on the screen moves.
        Thread.sleep(forTimeInterval: 8)
        let first = try #require(Self.countdown(try tmux.capture()))
        Thread.sleep(forTimeInterval: 1.6)
        let second = try #require(Self.countdown(try tmux.capture()))
        #expect(second < first, "the countdown moves: \(first) then \(second)")
        #expect(second >= 3, "the backoff is long by now: \(second) s")

        // The server is back: the reader is online within a couple of seconds, long
        // before its countdown would have run out.
        proxy = try FaultProxy(upstreamPort: servers.imapsPort, port: port)
        let back = Date()
        try tmux.waitFor("online again", seconds: 10) { $0.contains(" online") && Self.countdown($0) == nil }
        let took = Date().timeIntervalSince(back)
        #expect(took < 3.5, "back in \(took) s with \(second) s still on the countdown")
        #expect(took < Double(second), "sooner than the backoff")
        try tmux.send("q")
    }

    @Test func aRefusedLoginIsSaidAndNotTriedAgainUntilAsked() throws {
        let user = try servers.user("leo")
        let proxy = try FaultProxy(upstreamPort: servers.imapsPort)
        defer { proxy.stop() }
        let (tmux, folder) = try reader(user, imapPort: proxy.port, password: "not-the-password")
        defer { tmux.close(); _ = folder }
        let screen = try tmux.waitFor("the refusal") { $0.contains("login refused") }
        #expect(screen.contains("the server refused the login"), "\(screen)")
        #expect(!screen.contains("cannot reach the server"))
        let attempts = proxy.connections
        Thread.sleep(forTimeInterval: 6)
        #expect(proxy.connections == attempts, "no retries while nothing changed: \(proxy.connections) connections")
        try tmux.send("$")
        #expect(waitUntil(timeout: 10) { proxy.connections > attempts }, "$ tries again")
        try tmux.send("q")
    }

    @Test func theOpenFolderFillsAsAFirstSyncGoesOn() throws {
        let user = try servers.user("max")
        let client = try servers.imapClient(user)
        try client.emptyMailbox()
        let body = String(repeating: "Some words to make the message bigger. ", count: 40)
        for number in 0..<600 {
            let raw = "From: Sender \(number) <s\(number)@example.test>\r\nTo: \(user.email)\r\nSubject: Message number \(number)\r\n"
                + "Message-ID: <fill-\(number)@example.test>\r\nDate: Thu, 12 Nov 2026 10:\(String(format: "%02d", number / 60)):\(String(format: "%02d", number % 60)) +0000\r\n\r\n\(body)\r\n"
            try client.append(Array(raw.utf8), to: .inbox)
        }
        try client.logout()
        // A slow link: about 100 KB/s from the server, so the sync takes several seconds.
        let proxy = try FaultProxy(upstreamPort: servers.imapsPort)
        defer { proxy.stop() }
        for _ in 0..<3 { proxy.enqueue(.trickle(.toClient, at: 0, bytesPerSecond: 100_000)) }
        let (tmux, folder) = try reader(user, imapPort: proxy.port)
        defer { tmux.close(); _ = folder }
        // The newest messages show while the rest are still on their way.
        let early = try tmux.waitFor("the first messages", seconds: 30) { $0.contains("Message number 599") }
        let total = early.firstMatch(of: /\[(\d+) messages/).flatMap { Int($0.1) } ?? 0
        #expect(total > 0 && total < 600, "the folder shows messages before the sync ends: \(total)")
        #expect(!early.contains("No messages in this folder."))
        try tmux.waitFor("every message", seconds: 90) { $0.contains("[600 messages") }
        try tmux.send("q")
    }
}
