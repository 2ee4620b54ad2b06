import Foundation
import IMAPProtocol
import MailMessage
import TestSupport
import Testing

/// An invitation in the reader in a real terminal, against the real Dovecot and Postfix:
/// the summary, `P` and `|` piping the .ics to a command, `T` answering after a yes, `$`
/// sending the answer, which reaches the organizer.
@Suite(.serialized) struct InvitationTmuxTests {
    @Test func answerAnInvitationFromThePager() throws {
        let servers = try TestServers.load()
        let ivy = try servers.user("iris"), orla = try servers.user("orla")
        let client = try servers.imapClient(ivy)
        defer { try? client.logout() }
        try client.emptyMailbox()
        let token = "tm" + String(UUID().uuidString.prefix(8))
        try client.append(try InviteCommandTests.sample("thunderbird-request.eml", organizer: orla.email, invitee: ivy.email, token: token), to: .inbox)
        try client.execute(.close)

        let folder = try TemporaryFolder()
        let config = try TestConfig.write(in: folder, servers: servers, user: ivy, name: ivy.name,
                                          incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"),
                                          smtp: .init(kind: "smtp", port: servers.submissionPort, tls: "starttls"))
        let tmux = try TUITmuxTests.TmuxSession(columns: 120, rows: 40)
        defer { tmux.close() }
        try tmux.type("TZ=Asia/Tokyo \(MerleProcess.binary.path) --config \(config) --data-dir \(folder.path)/data")
        try tmux.send("Enter")
        try tmux.waitFor("the invitation in the index") { $0.contains("\(token) Invitation: Lab meeting") }
        try tmux.send("Enter")
        var screen = try tmux.waitFor("the summary") { $0.contains("Calendar: Invitation (part 4)") }
        #expect(screen.contains("A:Accept  T:Tentative  D:Decline"))
        #expect(screen.contains("When:       Tue 5 Jan 2027 16:30–18:00 (Europe/Berlin)"))
        #expect(screen.contains("            Wed 6 Jan 2027 00:30–02:00 your time (Asia/Tokyo)"))
        #expect(screen.contains("Repeats:    every month on the first Tuesday, 6 times"))

        // The .ics through a command, as `khal import` would get it.
        try tmux.send("P")
        try tmux.waitFor("the parts") { $0.contains("part 4/5") }
        try tmux.send("|")
        try tmux.type("grep -E '^(METHOD|UID)'")
        try tmux.send("Enter")
        screen = try tmux.waitFor("the command's output") { $0.contains("UID:uid-\(token)") }
        #expect(screen.contains("METHOD:REQUEST"))
        try tmux.send("q")
        try tmux.waitFor("the parts again") { $0.contains("part 4/5") }
        try tmux.send("q")
        try tmux.waitFor("the pager again") { $0.contains("A:Accept") }

        try tmux.send("T")
        try tmux.waitFor("the question") { $0.contains("Answer tentative to \(orla.email)? (y/n)") }
        try tmux.send("y")
        // Queued; the reader may send it at once (it is online), else `$` does. The status
        // line is not waited for: sync events may replace it under load.
        try tmux.waitFor("the question answered") { !$0.contains("(y/n)") }
        try tmux.send("$")
        let raw = try #require(try servers.waitForMessage(containing: "invitation-\(token)@example.test", to: orla, timeout: 60),
                               "the organizer got the answer")
        let reply = try #require(MessageRenderer().render(MIMEMessage(bytes: raw)).invitation)
        #expect(reply.method == "REPLY" && reply.uid == "uid-\(token)")
        #expect(reply.attendees.map(\.status) == ["TENTATIVE"])
        try tmux.send("q")
        try tmux.send("q")
    }
}
