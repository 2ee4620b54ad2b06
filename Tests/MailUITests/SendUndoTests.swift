import Foundation
import MailMessage
import MailStore
@testable import MailUI
import MerleConfig
import SyncEngine
import Terminal
import Testing

/// Undo send and send later in the reader: `y` queues the message to go after the
/// account's `send_delay`, the status line counts down, and `u` brings it back into the
/// compose screen as it was; `s` asks for a time.
@Suite struct SendUndoTests {
    func account(delay: Int) -> AccountConfiguration {
        var account = AccountConfiguration(name: "demo", email: "me@example.test",
                                           incoming: .imap(ServerConfiguration(host: "imap.example.test", port: 993, user: "me")),
                                           smtp: ServerConfiguration(host: "smtp.example.test", port: 465, user: "me"))
        account.sendDelay = delay
        return account
    }

    @Test func uDuringTheDelayBringsTheMessageBackWithItsAttachment() throws {
        let fixture = try DemoFixture(messages: 10)
        let (app, screen) = try fixture.app(columns: 120)
        app.accounts = [account(delay: 10)]
        let (engine, events) = fixture.engine(for: app)
        defer { engine.stop() }
        let token = UUID().uuidString.prefix(8)
        app.onEdit = { path in try "To: friend@example.test\nSubject: Undo me \(token)\n\nFirst text\n".write(toFile: path, atomically: true, encoding: .utf8) }
        let file = NSTemporaryDirectory() + "merle-undo-\(UUID().uuidString).txt"
        try "agenda".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        app.press(.character("m"), .enter, .enter)
        app.press(.character("a"), .ctrl("u"))
        app.type(file)
        app.press(.enter)
        let sentAt = Date()
        app.press(.character("y"))
        #expect(events.wait { $0.contains { if case .queued = $0 { return true } else { return false } } })
        for event in events.drain() { app.handle(event) }
        let queued = try #require(try fixture.store.outbox().first)
        let after = try #require(queued.sendAfter)
        #expect(abs(after.timeIntervalSince(sentAt) - 10) < 2, "it waits for send_delay: \(after.timeIntervalSince(sentAt))")
        app.draw()
        #expect(screen.render().contains("sending in 10 s — u: undo") || screen.render().contains("sending in 9 s — u: undo"),
                "\(screen.render())")

        app.press(.character("u"))
        #expect(events.wait { $0.contains { if case .takenBack = $0 { return true } else { return false } } })
        for event in events.drain() { app.handle(event) }
        #expect(try fixture.store.outbox().isEmpty, "it left the outbox")
        let compose = try #require(app.top as? ComposeScreen, "back on the compose screen")
        #expect(compose.pending.draft.subject == "Undo me \(token)")
        #expect(compose.pending.draft.body.contains("First text"))
        #expect(compose.pending.draft.attachments.map(\.filename) == [(file as NSString).lastPathComponent])
        app.draw()
        #expect(!screen.render().contains("u: undo"))

        // Sent again: queued again, and once the delay is over nothing is left to undo.
        app.press(.character("y"))
        #expect(events.wait { $0.contains { if case .queued = $0 { return true } else { return false } } })
        for event in events.drain() { app.handle(event) }
        #expect(try fixture.store.outbox().count == 1)
        #expect(app.tick(now: Date().addingTimeInterval(11)))
        app.draw()
        #expect(!screen.render().contains("u: undo"))
        app.press(.character("u"))
        #expect(try fixture.store.outbox().count == 1, "too late for u: it stays to be sent")
    }

    @Test func sAsksForATimeAndQueuesForThen() throws {
        let fixture = try DemoFixture(messages: 10)
        let (app, _) = try fixture.app(columns: 120)
        app.accounts = [account(delay: 10)]
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        app.onEdit = { path in try "To: friend@example.test\nSubject: Later\n\nChristmas\n".write(toFile: path, atomically: true, encoding: .utf8) }
        app.press(.character("m"), .enter, .enter, .character("L"))
        app.type("2031-12-24 09:00")
        app.press(.enter)
        guard case let .enqueue(_, _, _, _, sendAfter?)? = sent.last else {
            Issue.record("nothing queued: \(sent)")
            return
        }
        #expect(sendAfter == (try OutboxTime.parse("2031-12-24 09:00")))
        #expect(app.pendingSend == nil, "a message sent later is not counted down")
    }

    @Test func sendTimesAreReadAsLocalTimeOrRFC3339() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let now = try OutboxTime.parse("2026-12-07T10:30:00Z")
        #expect(try OutboxTime.parse("2026-12-24 09:00", timeZone: berlin) == OutboxTime.parse("2026-12-24T08:00:00Z"))
        #expect(try OutboxTime.parse("2026-12-24T09:00:00+01:00") == OutboxTime.parse("2026-12-24T08:00:00Z"))
        #expect(try OutboxTime.parse("12:00", now: now, timeZone: berlin) == OutboxTime.parse("2026-12-07T11:00:00Z"), "later today")
        #expect(try OutboxTime.parse("09:00", now: now, timeZone: berlin) == OutboxTime.parse("2026-12-08T08:00:00Z"), "tomorrow")
        #expect(throws: OutboxTime.Unreadable.self) { try OutboxTime.parse("next tuesday") }
        #expect(throws: OutboxTime.Unreadable.self) { try OutboxTime.parse("2026-13-40 09:00") }
        #expect(OutboxTime.text(try OutboxTime.parse("2026-12-24T08:00:00Z"), timeZone: berlin) == "2026-12-24 09:00")
    }
}

extension SendUndoTests {
    @Test func quittingDuringTheDelayAsksFirst() throws {
        let fixture = try DemoFixture(messages: 10)
        let (app, screen) = try fixture.app(columns: 140)
        app.accounts = [account(delay: 10)]
        app.sendCommand = { _ in }
        app.onEdit = { path in try "To: friend@example.test\nSubject: Soon\n\nText\n".write(toFile: path, atomically: true, encoding: .utf8) }
        app.press(.character("m"), .enter, .enter, .character("y"))
        app.press(.character("q"))
        app.draw()
        #expect(!app.isFinished && screen.render().contains("(u takes it back). Quit?"), "\(screen.render())")
        app.press(.character("n"))
        #expect(!app.isFinished)
        app.press(.character("q"), .character("y"))
        #expect(app.isFinished)
    }
}

extension SendUndoTests {
    @Test func sendLaterIsOnTheComposeScreenAndCanBeRebound() throws {
        #expect(Keymap.standard.action(for: .character("L"), in: .compose) == .sendLater)
        let keymap = try Keymap.standard.applying(["compose": ["W": "send-later", "L": "none"]])
        #expect(keymap.action(for: .character("W"), in: .compose) == .sendLater)
        #expect(keymap.action(for: .character("L"), in: .compose) == nil)
        #expect(keymap.keysByAction(in: .compose).contains { $0.0 == .sendLater }, "the help screen lists it")
        #expect(Keymap.standard.action(for: .character("u"), in: .index) == .undo && Keymap.standard.action(for: .character("u"), in: .pager) == .undo,
                "u undoes a send from the index and the pager")
    }
}

extension SendUndoTests {
    @Test func anAccountTheConfigDoesNotNameWaitsTheGeneralDelay() throws {
        // The demo's account is in the store only: [general]'s send_delay applies, so u works there too.
        let fixture = try DemoFixture(messages: 10)
        let (app, _) = try fixture.app(columns: 120)
        app.defaultSendDelay = 10
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        app.onEdit = { path in try "To: friend@example.test\nSubject: Demo\n\nText\n".write(toFile: path, atomically: true, encoding: .utf8) }
        let sentAt = Date()
        app.press(.character("m"), .enter, .enter, .character("y"))
        guard case let .enqueue(_, _, _, _, sendAfter?)? = sent.last else {
            Issue.record("not queued with a delay: \(sent)")
            return
        }
        #expect(abs(sendAfter.timeIntervalSince(sentAt) - 10) < 2)
        #expect(app.undoableSend() != nil, "u can take it back")
    }
}
