import Foundation
import IMAPProtocol
import MailMessage
import TestSupport
import Testing

/// `merle thread ID [--json]` against the real Dovecot: a conversation whose messages
/// live in INBOX and Sent, oldest first, a header line each, repeated quotes folded.
@Suite(.serialized) struct ThreadCommandTests {
    /// A three-message conversation for `ivy` (a test user of each suite's own) with
    /// `orla`: orla's question (INBOX), ivy's answer (Sent), orla's thanks (INBOX), each
    /// quoting the one before.
    static func seed(_ client: IMAPSession, ivy: TestServers.User, orla: TestServers.User, token: String) throws {
        func message(from: String, to: String, id: String, parent: String?, minute: Int, body: String) -> [UInt8] {
            var text = "From: \(from)\r\nTo: \(to)\r\nSubject: \(parent == nil ? "" : "Re: ")Lunch \(token)\r\n"
                + "Date: Mon, 7 Dec 2026 10:\(minute < 10 ? "0" : "")\(minute):00 +0000\r\nMessage-ID: <\(id)-\(token)@example.test>\r\n"
            if let parent { text += "In-Reply-To: <\(parent)-\(token)@example.test>\r\nReferences: <\(parent)-\(token)@example.test>\r\n" }
            return Array((text + "\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n")).utf8)
        }
        _ = try client.append(message(from: "Orla <\(orla.email)>", to: ivy.email, id: "q", parent: nil, minute: 0,
                                      body: "Lunch at noon on Thursday?\nThe new place on the corner.\n"), to: .inbox)
        _ = try client.append(message(from: "Ivy <\(ivy.email)>", to: orla.email, id: "a", parent: "q", minute: 5,
                                      body: "Yes, see you there.\n\nOn Mon, Orla wrote:\n> Lunch at noon on Thursday?\n> The new place on the corner.\n"),
                              to: MailboxName("Sent"), flags: [.seen])
        _ = try client.append(message(from: "Orla <\(orla.email)>", to: ivy.email, id: "t", parent: "a", minute: 9,
                                      body: "Great.\n\nIvy wrote:\n> Yes, see you there.\n>\n> On Mon, Orla wrote:\n>> Lunch at noon on Thursday?\n>> The new place on the corner.\n"),
                              to: .inbox)
    }

    @Test func theConversationAcrossInboxAndSent() throws {
        let servers = try TestServers.load()
        let ivy = try servers.user("tess"), orla = try servers.user("orla")
        let client = try servers.imapClient(ivy)
        defer { try? client.logout() }
        try client.emptyMailbox()
        let token = String(UUID().uuidString.prefix(8))
        try Self.seed(client, ivy: ivy, orla: orla, token: token)
        try client.execute(.close)

        let (folder, global, merle) = try DraftReplyTests.account(ivy, servers: servers)
        defer { withExtendedLifetime(folder) {} }
        _ = try merle(["sync"])
        let rows = try merle(["search", "Lunch \(token)", "--json"]).jsonRows()
        let last = try #require(rows.first { ($0["message_id"] as? String) == "t-\(token)@example.test" }?["id"] as? Int)

        let text = try MerleProcess.run(["thread", "\(last)"] + global, environment: ["TZ": "UTC"])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let headers = lines.filter { $0.hasPrefix("── ") }
        #expect(headers == [
            "── 1/3  Mon 7 Dec 2026 10:00  Orla → \(ivy.email)  (\(ivy.name)/INBOX) ──",
            "── 2/3  Mon 7 Dec 2026 10:05  Ivy → \(orla.email)  (\(ivy.name)/Sent) ──",
            "── 3/3  Mon 7 Dec 2026 10:09  Orla → \(ivy.email)  (\(ivy.name)/INBOX) ──",
        ], "\(text.output)")
        #expect(lines.contains("[> 2 quoted lines of message 1 (Orla) folded; Enter shows them]"))
        #expect(lines.contains("[> 5 quoted lines of message 2 (Ivy) folded; Enter shows them]"))
        #expect(!text.output.contains("> Lunch at noon"))

        let json = try merle(["thread", "\(last)", "--json"]).jsonRows()
        #expect(json.map { $0["folder"] as? String } == ["INBOX", "Sent", "INBOX"])
        #expect(json.map { $0["message_id"] as? String } == ["q-\(token)@example.test", "a-\(token)@example.test", "t-\(token)@example.test"])
        #expect(json.map { $0["repeats_earlier"] as? Bool } == [false, true, true])
        #expect((json[1]["text"] as? String)?.contains("> Lunch at noon on Thursday?") == true, "the JSON has the whole text")

        let missing = try MerleProcess.run(["thread", "999999"] + global)
        #expect(missing.status == 1 && missing.stderr.hasPrefix("merle: "), "\(missing.stderr)")
    }
}
