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
        let client = try servers.imapClient(user)
        defer { try? client.logout() }
        try client.emptyMailbox()
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
            Issue.record("the server never showed \(what); the pane shows:\n\((try? tmux.capture()) ?? "")")
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

    @Test func replyArrivesAndAFlagMadeOfflineReachesTheServerOnceItIsBack() throws {
        let servers = try TestServers.load()
        let user = try servers.user("hank")
        let grace = try servers.user("grace")
        let connect = { try servers.imapClient(user) }
        var client = try connect()
        defer { try? client.logout() }
        try client.emptyMailbox()
        let token = String(UUID().uuidString.prefix(8))
        let raw = "From: Grace <\(grace.email)>\r\nTo: \(user.email)\r\nSubject: Dinner \(token)\r\nMessage-ID: <dinner-\(token)@x>\r\n"
            + "Date: Thu, 12 Nov 2026 10:00:00 +0000\r\n\r\nAre you free on Friday?\r\n"
        try client.append(Array(raw.utf8), to: .inbox)
        try client.execute(.close)

        // IMAP goes through a proxy that can make the server unreachable.
        let proxy = try FaultProxy(upstreamPort: servers.imapsPort)
        defer { proxy.stop() }
        let folder = try TemporaryFolder()
        let config = try TestConfig.write(in: folder, servers: servers, user: user, name: "hank",
                                          incoming: .init(kind: "imap", port: proxy.port, tls: "implicit"),
                                          smtp: .init(kind: "smtp", port: servers.submissionPort, tls: "starttls"))
        let editor = try folder.write("editor.sh", "#!/bin/sh\nprintf 'Friday works. \(token)\\n' >> \"$1\"\n")
        chmod(editor, 0o755)
        let tmux = try TUITmuxTests.TmuxSession(columns: 110, rows: 24)
        defer { tmux.close() }
        try tmux.type("EDITOR=\(editor) \(MerleProcess.binary.path) --config \(config) --data-dir \(folder.path)/data")
        try tmux.send("Enter")
        try tmux.waitFor("INBOX") { $0.contains("Dinner \(token)") && $0.contains("online") }

        // Open, reply in the editor, send: it arrives in Grace's INBOX.
        try tmux.send("Enter")
        try tmux.waitFor("the message") { $0.contains("Are you free on Friday?") }
        try tmux.send("r")
        try tmux.waitFor("the compose screen") { $0.contains("y:Send  d:Save draft") }
        try tmux.send("y")
        let reply = try #require(try servers.waitForMessage(containing: "Friday works. \(token)", to: grace, timeout: 30),
                                 "the reply never arrived; the pane shows:\n\((try? tmux.capture()) ?? "")")
        #expect(String(decoding: reply, as: UTF8.self).contains("Subject: Re: Dinner \(token)"))
        try tmux.send("q")

        // The server becomes unreachable: the status line says so; a flag still works.
        for _ in 0..<200 { proxy.enqueue(.drop(.toClient, at: 0)) }
        try servers.kick(user)
        client = try connect()  // the kick ended this session too
        try tmux.send("$")
        try tmux.waitFor("the offline indicator") { $0.contains("offline, retrying") }
        try tmux.send("F")
        try tmux.waitFor("the flag, offline") { $0.contains("1 message marked flagged.") }
        let flaggedOnServer = { () throws -> Bool in
            _ = try client.select(.inbox, readOnly: true)
            return try !client.uidSearch([.flagged, .header("Message-ID", "dinner-\(token)@x")]).isEmpty
        }
        #expect(try !flaggedOnServer(), "not on the server while it is unreachable")

        // Back: a sync (here asked for with $) applies the flag.
        proxy.discardQueued()
        try tmux.send("$")
        try tmux.waitFor("online again") { $0.contains(" online") }
        let deadline = Date().addingTimeInterval(20)
        var flagged = false
        while !flagged, Date() < deadline {
            flagged = try flaggedOnServer()
            if !flagged { Thread.sleep(forTimeInterval: 0.2) }
        }
        #expect(flagged, "the flag reached the server; the pane shows:\n\((try? tmux.capture()) ?? "")")
        try tmux.send("q")
    }
}
