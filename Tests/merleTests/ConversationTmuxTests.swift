import Foundation
import IMAPProtocol
import TestSupport
import Testing

/// `c` in the reader in a real terminal, on the real Dovecot: the conversation of a
/// message across INBOX and Sent, opened at that message, its repeated quote folded
/// until Enter.
@Suite(.serialized) struct ConversationTmuxTests {
    @Test func theConversationOfTheMessageInThePager() throws {
        let servers = try TestServers.load()
        let cora = try servers.user("cora"), orla = try servers.user("orla")
        let client = try servers.imapClient(cora)
        defer { try? client.logout() }
        try client.emptyMailbox()
        let token = String(UUID().uuidString.prefix(8))
        try ThreadCommandTests.seed(client, ivy: cora, orla: orla, token: token)
        try client.execute(.close)

        let folder = try TemporaryFolder()
        let config = try TestConfig.write(in: folder, servers: servers, user: cora, name: cora.name,
                                          incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"))
        // Synced first, so Sent is in the store before `c` (the reader syncs INBOX first).
        let synced = try MerleProcess.run(["sync", "--config", config, "--data-dir", folder.path + "/data"])
        #expect(synced.status == 0, "\(synced.stderr)")
        let tmux = try TUITmuxTests.TmuxSession(columns: 120, rows: 30)
        defer { tmux.close() }
        try tmux.type("TZ=UTC \(MerleProcess.binary.path) --config \(config) --data-dir \(folder.path)/data")
        try tmux.send("Enter")
        try tmux.waitFor("the thread in the index") { $0.contains("Re: Lunch \(token)") && $0.contains("2 messages") }
        // The newest first: Orla's thanks.
        try tmux.send("Enter")
        try tmux.waitFor("the pager") { $0.contains("Great.") }
        try tmux.send("c")
        var screen = try tmux.waitFor("the conversation") { $0.contains("conversation of 3") }
        #expect(screen.contains("── 3/3  Mon 7 Dec 2026 10:09  Orla → \(cora.email)  (\(cora.name)/INBOX) ──"), "opened at the message read")
        #expect(screen.contains("[> 5 quoted lines of message 2 (Ivy) folded; Enter shows them]"))
        try tmux.send("g")
        screen = try tmux.waitFor("the top") { $0.contains("── 1/3  Mon 7 Dec 2026 10:00") }
        #expect(screen.contains("── 2/3  Mon 7 Dec 2026 10:05  Ivy → \(orla.email)  (\(cora.name)/Sent) ──"), "your answer from Sent")
        // It all fits on the screen: each Enter opens the first fold still closed.
        try tmux.send("Enter")
        screen = try tmux.waitFor("the first quote shown") { $0.contains("> Lunch at noon on Thursday?") }
        #expect(screen.contains("[> 5 quoted lines of message 2 (Ivy) folded; Enter shows them]"))
        try tmux.send("Enter")
        screen = try tmux.waitFor("the second quote shown") { $0.contains(">> Lunch at noon on Thursday?") }
        #expect(!screen.contains("5 quoted lines of message 2"))
        try tmux.send("q")
        try tmux.waitFor("the pager again") { $0.contains("Great.") && !$0.contains("conversation of 3") }
        try tmux.send("q")
        try tmux.send("q")
    }
}
