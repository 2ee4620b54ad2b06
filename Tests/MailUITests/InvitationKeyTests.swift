import Foundation
import MailMessage
import MailStore
@testable import MailUI
import MerleConfig
import SyncEngine
import Terminal
import Testing

/// A calendar invitation in the pager: its summary, and `A`/`T`/`D` answering it
/// through the outbox after a yes; the keys come from their own context, so they can be
/// rebound and show on the help screen.
@Suite struct InvitationKeyTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/invitations")

    /// Thunderbird's sample with the demo user as the invitee.
    static func invitation() throws -> String {
        try String(contentsOf: folder.appendingPathComponent("thunderbird-request.eml"), encoding: .utf8)
            .replacingOccurrences(of: "carol@example.test", with: DemoMailbox.ownAddress)
    }

    @Test func summaryInThePagerAndAcceptQueuesAReplyToTheOrganizer() throws {
        let fixture = try DemoFixture(messages: 10)
        let (app, screen) = try fixture.app(columns: 100, rows: 30)
        let (engine, events) = fixture.engine(for: app)
        defer { engine.stop() }
        let id = try fixture.add(try Self.invitation(), subject: "Invitation: Lab meeting")
        try app.open(folderNamed: "INBOX")
        app.press(.enter)
        app.draw()
        let shown = screen.render()
        #expect(shown.contains("---------- Calendar: Invitation (part 4) ----------"), "\(shown)")
        #expect(shown.contains("When:       Tue 5 Jan 2027 16:30–18:00 (Europe/Berlin)"))
        #expect(shown.contains("            Tue 5 Jan 2027 15:30–17:00 your time (GMT)"), "the reader's zone (UTC here)")
        #expect(shown.contains("Repeats:    every month on the first Tuesday, 6 times"))
        #expect(shown.contains("A:Accept  T:Tentative  D:Decline"))

        // P: the parts, the calendar first among the attachments (to save or pipe).
        app.press(.character("P"))
        #expect(app.top.kind == .attachments)
        app.draw()
        #expect(screen.render().contains("part 4/5"), "\(screen.render())")
        app.press(.character("q"))

        // w: the calendar saved as an .ics file, named for what it is.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("merle-ics-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        app.press(.character("w"))
        app.type("4")
        app.press(.enter)
        #expect(app.prompt?.text.hasSuffix("/invite-4.ics") == true, "\(app.prompt?.text ?? "")")
        app.press(.ctrl("u"))
        app.type(folder + "/")
        app.press(.enter)
        let saved = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(saved == ["invite-4.ics"])
        let ics = try Invitation([UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/invite-4.ics"))))
        #expect(ics.method == "REQUEST" && ics.uid == "c0ffee00-1234-4abc-9def-0123456789ab")

        app.press(.character("D"))
        app.draw()
        #expect(screen.render().contains("Answer declined to juergen@example.test? (y/n)"))
        app.press(.character("n"))
        #expect(app.info == "Not answered.")
        #expect(try fixture.store.outbox().isEmpty)

        app.press(.character("A"), .character("y"))
        #expect(events.wait { log in log.contains { if case let .done(text) = $0 { return text.hasPrefix("Queued") } else { return false } } })
        let queued = try #require(try fixture.store.outbox().first)
        #expect(queued.recipientList == ["juergen@example.test"])
        #expect(queued.envelopeFrom == DemoMailbox.ownAddress)
        let sent = MessageParser.parse([UInt8](queued.raw))
        #expect(sent.subject == "Accepted: Lab meeting")
        let reply = try #require(MessageRenderer().render(sent).invitation)
        #expect(reply.method == "REPLY")
        #expect(reply.uid == "c0ffee00-1234-4abc-9def-0123456789ab")
        #expect(reply.attendees.map(\.address) == [DemoMailbox.ownAddress])
        #expect(reply.attendees.first?.status == "ACCEPTED")
        #expect(queued.inReplyToMessage == id, "the invitation is marked answered once sent")
    }

    @Test func onAnOrdinaryMessageTheKeysKeepTheirPagerMeaning() throws {
        let fixture = try DemoFixture(messages: 10)
        let (app, _) = try fixture.app(columns: 100)
        app.sendCommand = { _ in }
        try app.open(folderNamed: "INBOX")
        app.press(.enter)
        #expect(app.top.keyContext == .pager)
        app.press(.character("A"))
        #expect(app.top.kind == .attachments, "A is the part list on a message that is no invitation")

        // A cancellation has nothing to answer: the pager's keys.
        app.press(.character("q"), .character("q"))
        let cancel = try String(contentsOf: Self.folder.appendingPathComponent("outlook-cancel.eml"), encoding: .utf8)
        try fixture.add(cancel, subject: "Canceled: Quarterly planning")
        try app.open(folderNamed: "INBOX")
        app.press(.enter)
        #expect(app.pager?.rendered?.invitation?.method == "CANCEL")
        #expect(app.top.keyContext == .pager)
    }

    @Test func theKeysCanBeReboundAndAreOnTheHelpScreen() throws {
        let keymap = try Keymap.standard.applying(["invitation": ["y": "accept-invitation", "A": "attachments"]])
        #expect(keymap.action(for: .character("y"), in: .invitation) == .acceptInvitation)
        #expect(keymap.action(for: .character("A"), in: .invitation) == .attachments)
        #expect(keymap.action(for: .character("j"), in: .invitation) == .moveDown, "the pager's keys apply underneath")
        #expect(Keymap.mutt.action(for: .character("T"), in: .invitation) == .tentativeInvitation)
        let fixture = try DemoFixture(messages: 10)
        let (app, _) = try fixture.app(columns: 100)
        let help = HelpScreen().lines(in: app).map(\.text).joined(separator: "\n")
        #expect(help.contains("Pager, on a calendar invitation"))
        #expect(help.contains("A                      accept the invitation"))
    }
}

extension InvitationKeyTests {
    @Test func anAnswerWaitsTheSendDelayAndUTakesItBack() throws {
        let fixture = try DemoFixture(messages: 10)
        let (app, screen) = try fixture.app(columns: 120, rows: 30)
        app.accounts = [SendUndoTests().account(delay: 10)]
        let (engine, events) = fixture.engine(for: app)
        defer { engine.stop() }
        try fixture.add(try Self.invitation(), subject: "Invitation: Lab meeting")
        try app.open(folderNamed: "INBOX")
        app.press(.enter)
        let answeredAt = Date()
        app.press(.character("T"), .character("y"))
        #expect(events.wait { $0.contains { if case .queued = $0 { return true } else { return false } } })
        for event in events.drain() { app.handle(event) }
        let queued = try #require(try fixture.store.outbox().first)
        let after = try #require(queued.sendAfter, "the answer waits like any message sent")
        #expect(abs(after.timeIntervalSince(answeredAt) - 10) < 2, "\(after.timeIntervalSince(answeredAt))")
        app.draw()
        #expect(screen.render().contains("u: undo"), "\(screen.render())")

        app.press(.character("u"))
        #expect(events.wait { $0.contains { if case .takenBack = $0 { return true } else { return false } } })
        for event in events.drain() { app.handle(event) }
        #expect(try fixture.store.outbox().isEmpty, "taken back before it went")
        #expect(app.info == "Not sent: the answer to juergen@example.test was taken back.")
        #expect(!(app.top is ComposeScreen), "nothing to edit: the reader wrote the answer")
    }
}
