import Foundation
import MailMessage
import TestSupport
import Testing

/// `merle show --text` summarises an invitation, `--part N` exports its .ics, and
/// `merle invite ID accept|tentative|decline` answers it: an iTIP REPLY through the
/// outbox and the real Postfix to the organizer, read back from the organizer's mailbox.
@Suite(.serialized) struct InviteCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/invitations")

    /// A sample invitation rewritten for the test users, with a UID and subject of its own.
    static func sample(_ name: String, organizer: String, invitee: String, token: String) throws -> [UInt8] {
        var text = try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
        // Thunderbird folded the organizer's address; unfolded, it is replaced like the others.
        for (old, new) in [("mailto:j\r\n uergen@example.test", "mailto:juergen@example.test"), ("carol@example.test", invitee), ("juergen@example.test", organizer), ("bjork@example.test", organizer),
                           ("c0ffee00-1234-4abc-9def-0123456789ab", "uid-\(token)"), ("7kukuqrfedlm2f9t0vh3cnv3ho@google.com", "uid-\(token)@google.com"),
                           ("e1f2a3b4-c5d6-4e7f-8091-a2b3c4d5e6f7@example.test", "invitation-\(token)@example.test"),
                           ("calendar-0e7a1c2b-3d4e-4f50-8a9b-0c1d2e3f4a5b@google.com", "calendar-\(token)@google.com"),
                           ("Subject: Invitation:", "Subject: \(token) Invitation:"), ("Subject: =?UTF-8?Q?Invitation", "Subject: \(token) =?UTF-8?Q?Invitation")] {
            text = text.replacingOccurrences(of: old, with: new)
        }
        return Array(text.utf8)
    }

    @Test func answersGoToTheOrganizerThroughTheOutbox() throws {
        let servers = try TestServers.load()
        let ivy = try servers.user("ivy"), orla = try servers.user("orla")
        let client = try servers.imapClient(ivy)
        defer { try? client.logout() }
        try client.emptyMailbox()
        let token = String(UUID().uuidString.prefix(8))
        try client.append(try Self.sample("thunderbird-request.eml", organizer: orla.email, invitee: ivy.email, token: "tb\(token)"), to: .inbox)
        try client.append(try Self.sample("google-request.eml", organizer: orla.email, invitee: ivy.email, token: "gc\(token)"), to: .inbox)
        try client.append(Array("From: \(orla.email)\r\nTo: \(ivy.email)\r\nSubject: plain \(token)\r\n\r\nNo calendar.\r\n".utf8), to: .inbox)
        try client.execute(.close)

        let (folder, global, merle) = try DraftReplyTests.account(ivy, servers: servers)
        _ = try merle(["sync"])
        let rows = try merle(["list", "INBOX", "--json"]).jsonRows()
        func id(_ prefix: String) throws -> String {
            "\(try #require(rows.first { ($0["subject"] as? String)?.hasPrefix(prefix) == true }?["id"] as? Int))"
        }

        // The summary, in the zone the command runs in.
        let shown = try MerleProcess.run(["show", try id("tb\(token)"), "--text"] + global, environment: ["TZ": "America/New_York"])
        #expect(shown.output.contains("---------- Calendar: Invitation (part 4) ----------"), "\(shown.output)")
        #expect(shown.output.contains("When:       Tue 5 Jan 2027 16:30–18:00 (Europe/Berlin)"))
        #expect(shown.output.contains("            Tue 5 Jan 2027 10:30–12:00 your time (America/New_York)"))
        #expect(shown.output.contains("Organizer:  Jürgen Müller <\(orla.email)>"))
        #expect(!shown.output.contains("BEGIN:VCALENDAR"))

        // Export: the calendar part as an .ics file.
        let ics = folder.path + "/invite.ics"
        _ = try merle(["show", try id("tb\(token)"), "--part", "4", "--output", ics])
        let exported = try Invitation([UInt8](try Data(contentsOf: URL(fileURLWithPath: ics))))
        #expect(exported.uid == "uid-tb\(token)" && exported.method == "REQUEST")

        // Answers: queued, then sent by `merle send`.
        let accepted = try merle(["invite", try id("tb\(token)"), "accept"])
        #expect(accepted.output.contains("Queued the answer (accepted) to \(orla.email) as outbox message"), "\(accepted.output)")
        let tentative = try merle(["invite", try id("gc\(token)"), "tentative"])
        #expect(tentative.output.contains("Queued the answer (tentative) to \(orla.email)"))
        let plain = try MerleProcess.run(["invite", try id("plain \(token)"), "decline"] + global)
        #expect(plain.status == 1 && plain.stderr.contains("holds no calendar invitation"), "\(plain.stderr)")
        _ = try merle(["send"])

        // Non-ASCII names make the calendars base64: the answers are found by their In-Reply-To.
        for (needle, uid, status, subject) in [("invitation-tb\(token)@example.test", "uid-tb\(token)", "ACCEPTED", "Accepted: Lab meeting"),
                                               ("calendar-gc\(token)@google.com", "uid-gc\(token)@google.com", "TENTATIVE", "Tentative: Café tasting ☕")] {
            let raw = try #require(try servers.waitForMessage(containing: needle, to: orla), "the organizer got the answer for \(uid)")
            let message = MIMEMessage(bytes: raw)
            #expect(message.subject == subject)
            #expect(message.from.addresses.first?.mailbox == ivy.email)
            let reply = try #require(MessageRenderer().render(message).invitation)
            #expect(reply.method == "REPLY")
            #expect(reply.uid == uid)
            #expect(reply.attendees.map(\.address) == [ivy.email])
            #expect(reply.attendees.first?.status == status)
        }

        // The invitations are marked answered.
        _ = try merle(["sync"])
        let after = try merle(["list", "INBOX", "--json"]).jsonRows()
        let flags = after.first { ($0["subject"] as? String)?.hasPrefix("tb\(token)") == true }?["flags"] as? [String]
        #expect(flags?.contains("\\Answered") == true, "\(flags ?? [])")
    }
}
