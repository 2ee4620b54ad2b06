import Foundation
import IMAPProtocol
import TestSupport
import Testing
import Transport

/// The TUI end to end in a real terminal (tmux) against the real Dovecot: the engine
/// syncs the account into the index, and keys change mail on the server.
@Suite(.serialized) struct TUIServerTests {
    @Test func keysInTheTUIChangeMailOnTheServer() throws {
        let servers = try TestServers.load()
        let user = try servers.user("hank")
        let client = try IMAPSession.open(to: Endpoint(host: servers.host, port: servers.imapsPort), tls: TLSSettings(caFile: servers.caFile),
                                          configuration: SessionConfiguration(tlsMode: .implicit),
                                          credentials: .password(user: user.name, password: user.password))
        defer { try? client.logout() }
        for info in try client.list() where !info.name.isInbox { _ = try client.send(.delete(info.name)) }
        if try client.select(.inbox).exists > 0 {
            try client.execute(.uidStore(.all, .add([.deleted], silent: true)))
            try client.execute(.expunge)
        }
        try client.execute(.create("Trash"))
        let token = String(UUID().uuidString.prefix(8))
        for (index, subject) in ["Quarterly numbers \(token)", "Lunch on Friday \(token)"].enumerated() {
            let raw = "From: Ann <ann@example.test>\r\nTo: \(user.email)\r\nSubject: \(subject)\r\nMessage-ID: <tui-\(index)-\(token)@x>\r\n"
                + "Date: Thu, \(10 + index) Nov 2026 10:00:00 +0000\r\n\r\nHello.\r\n"
            try client.append(Array(raw.utf8), to: .inbox)
        }
        try client.execute(.close)

        let folder = try TemporaryFolder()
        let config = try TestConfig.write(in: folder, servers: servers, user: user, name: "hank",
                                          incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"))
        let tmux = try TUITmuxTests.TmuxSession(columns: 110, rows: 24)
        defer { tmux.close() }
        try tmux.type("\(MerleProcess.binary.path) --config \(config) --data-dir \(folder.path)/data")
        try tmux.send("Enter")
        // The engine syncs; the newest message is selected first.
        try tmux.waitFor("the synced index") { $0.contains("Lunch on Friday \(token)") && $0.contains("online") }

        func serverFlags(_ mailbox: MailboxName, _ index: Int) throws -> [Flag]? {
            _ = try client.select(mailbox, readOnly: true)
            let uids = try client.uidSearch([.header("Message-ID", "tui-\(index)-\(token)@x")])
            guard let uid = uids.first else { return nil }
            return try client.uidFetch(SequenceSet([uid]), [.uid, .flags]).first?.flags
        }
        func waitForServer(_ what: String, _ condition: () throws -> Bool) throws {
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                if try condition() { return }
                Thread.sleep(forTimeInterval: 0.1)
            }
            Issue.record("the server never showed \(what); the pane shows:\n\(try tmux.capture())")
        }

        try tmux.send("F")
        try tmux.waitFor("the flag") { $0.contains("1 message marked flagged.") }
        try waitForServer("the flag") { try serverFlags(.inbox, 1)?.contains(.flagged) == true }
        try tmux.send("d")
        try tmux.waitFor("the delete") { $0.contains("Moved 1 message to Trash.") && !$0.contains("Lunch on Friday") }
        try waitForServer("the message in Trash") { try serverFlags(MailboxName("Trash"), 1) != nil && serverFlags(.inbox, 1) == nil }
        try tmux.send("q")
        try tmux.waitFor("the shell prompt") { $0.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "$" } }
    }
}
