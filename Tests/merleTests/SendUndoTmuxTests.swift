import Foundation
import TestSupport
import Testing

/// Undo send in the reader, in a real terminal against the real servers: after `y` the
/// status line counts down, `u` brings the message back to the compose screen, and a
/// kill -9 during the delay loses nothing and sends nothing twice.
@Suite(.serialized) struct SendUndoTmuxTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    func deliveries(of token: String, to user: TestServers.User) throws -> Int {
        try servers.rawMessages(of: user).filter { String(decoding: $0, as: UTF8.self).contains(token) }.count
    }

    /// The reader on blitzen's account with `send_delay`, a message to comet written and
    /// on the compose screen.
    func readerWithMessage(_ folder: TemporaryFolder, delay: Int, token: String) throws -> (TUITmuxTests.TmuxSession, config: String) {
        let sender = try servers.user("blitzen")
        let recipient = try servers.user("comet")
        let config = try TestConfig.write(in: folder, servers: servers, user: sender, name: "blitzen",
                                          incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"),
                                          smtp: .init(kind: "smtp", port: servers.submissionPort, tls: "starttls"),
                                          extra: "send_delay = \(delay)")
        let editor = try folder.write("editor.sh", "#!/bin/sh\nprintf 'Presents \(token)\\n' >> \"$1\"\n")
        chmod(editor, 0o755)
        let tmux = try TUITmuxTests.TmuxSession(columns: 120, rows: 24)
        try tmux.type("EDITOR=\(editor) \(MerleProcess.binary.path) --config \(config) --data-dir \(folder.path)/data")
        try tmux.send("Enter")
        try tmux.waitFor("the reader, online") { $0.contains("-- blitzen/") && $0.contains("online") }
        try tmux.send("m")
        try tmux.type(recipient.email)
        try tmux.send("Enter")
        try tmux.type("List \(token)")
        try tmux.send("Enter")
        try tmux.waitFor("the compose screen") { $0.contains("y:Send") && $0.contains("List \(token)") }
        return (tmux, config)
    }

    @Test func theStatusLineCountsDownAndUBringsTheMessageBack() throws {
        let recipient = try servers.user("comet")
        try servers.resetUser("comet")
        try servers.resetUser("blitzen")
        let folder = try TemporaryFolder()
        let token = UUID().uuidString.prefix(8).description
        let (tmux, _) = try readerWithMessage(folder, delay: 8, token: token)
        defer { tmux.close() }
        let store = folder.path + "/data/merle.sqlite"

        try tmux.send("y")
        let counting = try tmux.waitFor("the countdown") { $0.range(of: "sending in [0-9] s — u: undo", options: .regularExpression) != nil }
        #expect(!counting.contains("y:Send"), "the compose screen closed: \(counting)")
        // The countdown starts with the key; the engine writes the row a moment later.
        #expect(waitUntil(timeout: 10) { KillSupport.count(store, "SELECT count(*) FROM outbox WHERE state = 'queued'") == 1 })
        try tmux.send("u")
        let back = try tmux.waitFor("the compose screen again") { $0.contains("y:Send") && $0.contains("Not sent") }
        #expect(back.contains("List \(token)") && back.contains(recipient.email), "as it was: \(back)")
        #expect(!back.contains("u: undo"))
        #expect(KillSupport.count(store, "SELECT count(*) FROM outbox") == 0, "it left the outbox")
        Thread.sleep(forTimeInterval: 9)
        #expect(try deliveries(of: token, to: recipient) == 0, "taken back: never sent")

        // Sent again and left alone: it goes once the delay is over, once.
        try tmux.send("y")
        try tmux.waitFor("the countdown") { $0.contains("u: undo") }
        #expect(try servers.waitForMessage(containing: "Presents \(token)", to: recipient, timeout: 30) != nil,
                "sent after the delay; the pane shows:\n\((try? tmux.capture()) ?? "")")
        try tmux.waitFor("the countdown over") { !$0.contains("u: undo") }
        Thread.sleep(forTimeInterval: 1)
        #expect(try deliveries(of: token, to: recipient) == 1)

        // `L` on the compose screen: asked for a time, queued for then, not counted down.
        try tmux.send("m")
        try tmux.type(recipient.email)
        try tmux.send("Enter")
        try tmux.type("Later \(token)")
        try tmux.send("Enter")
        try tmux.waitFor("the compose screen") { $0.contains("L:Send later") && $0.contains("Later \(token)") }
        try tmux.send("L")
        try tmux.waitFor("the time prompt") { $0.contains("Send at (") }
        try tmux.type("2099-12-24 09:00")
        try tmux.send("Enter")
        let queued = try tmux.waitFor("the message queued for then") { $0.contains("goes out at 2099-12-24 09:00") }
        #expect(!queued.contains("u: undo"), "\(queued)")
        #expect(KillSupport.count(store, "SELECT count(*) FROM outbox WHERE send_after > datetime('now', '+1 year')") == 1)
        try tmux.send("q")
    }

    @Test func aKillDuringTheDelayLosesNothingAndTheMessageGoesOnceWhenDue() throws {
        let recipient = try servers.user("comet")
        try servers.resetUser("comet")
        try servers.resetUser("blitzen")
        let folder = try TemporaryFolder()
        let token = UUID().uuidString.prefix(8).description
        let (tmux, config) = try readerWithMessage(folder, delay: 6, token: token)
        defer { tmux.close() }
        let data = folder.path + "/data"
        let store = data + "/merle.sqlite"

        try tmux.send("y")
        try tmux.waitFor("the countdown") { $0.contains("u: undo") }
        let sentAt = Date()
        // Killed once the engine has written the row (milliseconds after the key).
        #expect(waitUntil(timeout: 4) { KillSupport.count(store, "SELECT count(*) FROM outbox") == 1 })
        let shell = try tmux.display("#{pane_pid}")
        let children = try TUITmuxTests.runTool(["/usr/bin/ps", "-o", "pid=", "--ppid", shell])
        let merle = try #require(children.split(separator: "\n").compactMap { pid_t($0.trimmingCharacters(in: .whitespaces)) }.first)
        kill(merle, SIGKILL)
        #expect(Date().timeIntervalSince(sentAt) < 5, "killed during the delay")
        #expect(KillSupport.count(store, "SELECT count(*) FROM outbox WHERE state = 'queued' AND send_after IS NOT NULL") == 1,
                "the message is still in the outbox, waiting for its time")

        // Before its time `merle send` leaves it; after, it sends it once.
        let early = try MerleProcess.run(["send", "--config", config, "--data-dir", data])
        #expect(early.status == 0 && early.output.contains("Sent 0;") && early.output.contains("1 scheduled for later"), "\(early.output) \(early.stderr)")
        Thread.sleep(forTimeInterval: max(0, 7 - Date().timeIntervalSince(sentAt)))
        let due = try MerleProcess.run(["send", "--config", config, "--data-dir", data])
        #expect(due.status == 0 && due.output.contains("Sent 1;"), "\(due.output) \(due.stderr)")
        #expect(try servers.waitForMessage(containing: "Presents \(token)", to: recipient) != nil)
        Thread.sleep(forTimeInterval: 1)
        #expect(try deliveries(of: token, to: recipient) == 1, "delivered exactly once")
    }
}
