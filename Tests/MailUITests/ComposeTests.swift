import Foundation
import MailMessage
import MailStore
@testable import MailUI
import MerleConfig
import SyncEngine
import Terminal
import Testing

/// Writing mail in the TUI: the editor text, the send/save/edit/discard choice, and the
/// engine queueing or saving what was written.
@Suite struct ComposeTests {
    @Test func composeTextRoundTripsAndReportsMistakes() throws {
        let draft = Draft(from: Address(name: "Me", mailbox: "me@example.test"),
                          to: [Address(name: "Doe, John", mailbox: "john@example.test")], cc: [Address(mailbox: "c@example.test")],
                          bcc: [Address(mailbox: "b@example.test")], subject: "Plans — Grüße", body: "Line one\nLine two\n")
        let text = ComposeText.render(draft)
        #expect(text.contains("To: \"Doe, John\" <john@example.test>"))
        let back = try ComposeText.apply(text, to: draft)
        #expect(back.to == draft.to && back.cc == draft.cc && back.bcc == draft.bcc)
        #expect(back.subject == draft.subject && back.body == draft.body)

        let edited = try ComposeText.apply(text.replacingOccurrences(of: "Cc: c@example.test", with: "Cc: x@example.test, y@example.test"), to: draft)
        #expect(edited.cc.map(\.mailbox) == ["x@example.test", "y@example.test"])
        #expect(throws: ComposeText.ComposeError.invalidAddress(field: "To", text: "not an address")) {
            try ComposeText.apply("To: not an address\n\nbody", to: draft)
        }
        #expect(throws: ComposeText.ComposeError.unknownHeader("Message-ID")) {
            try ComposeText.apply("Message-ID: <x@y>\n\nbody", to: draft)
        }
        #expect(throws: ComposeText.ComposeError.notAnIdentity("evil@example.org", ["me@example.test"]), "the account decides the sender") {
            try ComposeText.apply("From: Evil <evil@example.org>\nTo: a@example.test\n\nhi", to: draft, identities: [Identity(email: "me@example.test")])
        }
        let renamed = try ComposeText.apply("From: Myself <ME@example.test>\n\nhi", to: draft)
        #expect(renamed.from == Address(name: "Myself", mailbox: "ME@example.test"), "a changed name is kept")
        let other = try ComposeText.apply("From: lists@example.test\n\nhi", to: draft,
                                          identities: [Identity(email: "me@example.test"), Identity(email: "lists@example.test", name: "Me (lists)")])
        #expect(other.from == Address(name: "Me (lists)", mailbox: "lists@example.test"), "another identity, with its name")
    }

    @Test func replyInTheEditorThenSend() throws {
        let fixture = try DemoFixture(messages: 20)
        let (app, screen) = try fixture.app(columns: 100)
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        var seenText = ""
        app.onEdit = { path in
            seenText = try String(contentsOfFile: path, encoding: .utf8)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "the draft file is private")
            try (seenText.replacingOccurrences(of: "\n\n", with: "\n\nThanks, I will be there.\n\n"))
                .write(toFile: path, atomically: true, encoding: .utf8)
        }
        let original = try #require(try app.record(at: 0, store: fixture.store))
        app.press(.character("r"))
        #expect(seenText.contains("Subject: Re: "))
        #expect(seenText.contains("To: "))
        app.draw()
        let review = screen.render()
        #expect(review.contains("y:Send  d:Save draft  e:Edit  a:Attach"), "the review screen: \(review)")
        #expect(review.contains("Subject: Re: ") && review.contains("To:"))
        let file = NSTemporaryDirectory() + "merle-attach-\(UUID().uuidString).txt"
        try "agenda".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        app.press(.character("a"), .ctrl("u"))
        app.type(file)
        app.press(.enter)
        app.draw()
        #expect(screen.render().contains("1. " + (file as NSString).lastPathComponent + " (text/plain"), "listed with its type and size")
        app.press(.character("y"))
        guard case let .enqueue(accountId, message, inReplyTo, replacing, nil)? = sent.last else {
            Issue.record("nothing queued: \(sent)")
            return
        }
        let text = String(decoding: message.bytes, as: UTF8.self)
        #expect(accountId == (try fixture.store.accountId(named: "demo")) && !message.recipients.isEmpty && inReplyTo == original.id && replacing == nil)
        #expect(text.contains("Thanks, I will be there."))
        #expect(text.contains((file as NSString).lastPathComponent), "the attached file goes with it")
        #expect(text.contains("In-Reply-To: <"))
        #expect(app.pendingCompose == nil)
    }

    @Test func aDraftIsSavedReopenedAndSentThroughTheEngine() throws {
        let fixture = try DemoFixture(messages: 10)
        let (app, _) = try fixture.app(columns: 100)
        let (engine, events) = fixture.engine(for: app)
        defer { engine.stop() }
        app.onEdit = { path in
            try "To: friend@example.test\nSubject: Weekend plan\n\nDraft body\n".write(toFile: path, atomically: true, encoding: .utf8)
        }
        app.press(.character("m"), .enter, .enter, .character("d"))
        #expect(events.wait { $0.contains(.done("Saved in Drafts.")) })
        let drafts = try fixture.store.folder(named: "Drafts")
        let saved = try #require(try fixture.store.messages(inFolder: drafts.id!).first { $0.subject == "Weekend plan" })
        #expect(saved.hasFlag("\\Draft"))

        // Reopened from Drafts with E, edited, sent: queued, and the draft is gone.
        for event in events.drain() { app.handle(event) }
        try app.open(folderNamed: "Drafts")
        let position = try #require((0..<app.index.total).first { try app.record(at: $0, store: fixture.store)?.id == saved.id })
        app.index.select(position, height: 20)
        app.onEdit = { path in
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.contains("Draft body"))
            try text.replacingOccurrences(of: "Draft body", with: "Final body").write(toFile: path, atomically: true, encoding: .utf8)
        }
        app.press(.character("E"), .character("y"))
        #expect(events.wait { $0.contains { if case .done(let text) = $0 { return text.hasPrefix("Queued the message") } else { return false } } })
        let outbox = try fixture.store.outbox()
        #expect(outbox.count == 1)
        #expect(String(decoding: outbox[0].raw, as: UTF8.self).contains("Final body"))
        #expect(throws: StoreError.self) { try fixture.store.message(id: saved.id!) }
    }

    @Test func anAccountWithoutSMTPSaysAtComposeTimeThatItCannotSend() throws {
        let fixture = try DemoFixture(messages: 10)
        let (app, screen) = try fixture.app(columns: 140)
        app.accounts = [AccountConfiguration(name: "demo", email: "me@example.test",
                                             incoming: .imap(ServerConfiguration(host: "imap.example.test", port: 993, user: "me")))]
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        app.onEdit = { path in try "To: friend@example.test\nSubject: Hello\n\nHi\n".write(toFile: path, atomically: true, encoding: .utf8) }
        app.press(.character("r"))
        app.draw()
        let review = screen.render()
        #expect(!review.contains("y:Send") && review.contains("d:Save draft"), "\(review)")
        #expect(review.contains("[the account demo cannot send: its config has no [account.smtp] server"))
        app.press(.character("y"))
        #expect(!sent.contains { if case .enqueue = $0 { return true } else { return false } }, "nothing is queued to wait for ever")
        #expect(app.lastError?.contains("the account demo cannot send: its config has no [account.smtp] server") == true)
        app.press(.character("d"))
        #expect(sent.contains { if case .saveDraft = $0 { return true } else { return false } }, "it can be kept in Drafts")
    }

    @Test func theEngineSaysWhenQueuedMailHasNoServerToGoTo() throws {
        let fixture = try DemoFixture(messages: 5)
        let inbox = EventInbox()
        let engine = MailEngine(store: fixture.store, accounts: []) { inbox.post($0) }
        engine.start()
        defer { engine.stop() }
        let built = try MessageBuilder().build(Draft(from: Address(mailbox: "me@example.test"), to: [Address(mailbox: "a@example.test")],
                                                     subject: "x", body: "y"))
        engine.send(.enqueue(accountId: try fixture.store.accountId(named: "demo"), message: built, inReplyTo: nil, replacingDraft: nil))
        #expect(inbox.wait { $0.contains(.done("Queued the message to 1 recipient; it waits in the outbox: no SMTP server is configured for demo.")) })
    }

    @Test func theReviewScreenChangesFieldsAndAttachmentsAndAsksBeforeLosingAnything() throws {
        let fixture = try DemoFixture(messages: 10)
        let (app, screen) = try fixture.app(columns: 100)
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        app.onEdit = { path in try "To: friend@example.test\nSubject: Plans\n\n".write(toFile: path, atomically: true, encoding: .utf8) }
        app.press(.character("m"), .enter, .enter)
        #expect(app.pendingCompose?.draft.to.map(\.mailbox) == ["friend@example.test"])

        // To is selected first: Enter changes it, with the editor's checks.
        app.press(.enter, .ctrl("u"))
        app.type("Ann <ann@example.test>, bob@example.test")
        app.press(.enter)
        #expect(app.pendingCompose?.draft.to.map(\.mailbox) == ["ann@example.test", "bob@example.test"])
        app.press(.character("j"), .character("j"), .enter, .ctrl("u"))  // Bcc
        app.type("not an address")
        app.press(.enter)
        #expect(app.lastError?.contains("is not an address") == true)
        #expect(app.pendingCompose?.draft.bcc.isEmpty == true, "a mistake changes nothing")

        // Attach (the prompt completes paths), then remove it.
        let folder = NSTemporaryDirectory() + "merle-attach-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "one".write(toFile: folder + "/notes-one.txt", atomically: true, encoding: .utf8)
        try "two".write(toFile: folder + "/notes-two.txt", atomically: true, encoding: .utf8)
        app.press(.character("a"), .ctrl("u"))
        app.type(folder + "/no")
        app.press(.tab)
        #expect(app.prompt?.text == folder + "/notes-one.txt")
        app.draw()
        #expect(screen.render().contains("notes-two.txt"), "the other match is listed")
        app.press(.down)
        #expect(app.prompt?.text == folder + "/notes-two.txt", "Down chooses the next")
        app.press(.enter)
        #expect(app.pendingCompose?.draft.attachments.map(\.filename) == ["notes-two.txt"])
        app.press(.character("D"))
        #expect(app.pendingCompose?.draft.attachments.isEmpty == true)

        // No text: y asks first.
        app.press(.character("y"))
        app.draw()
        #expect(screen.render().contains("The message has no text. Send it anyway? (y/n)"))
        app.press(.character("n"))
        #expect(sent.isEmpty && app.pendingCompose != nil)
        // q asks too; n keeps it.
        app.press(.character("q"), .character("n"))
        #expect(app.pendingCompose != nil)
        app.press(.character("y"), .character("y"))
        guard case let .enqueue(_, message, _, _, _)? = sent.last else {
            Issue.record("not sent: \(sent)")
            return
        }
        #expect(message.recipients == ["ann@example.test", "bob@example.test"])
        #expect(app.pendingCompose == nil)
    }

    @Test func addressCompletionListsTheMatchesToChooseFrom() throws {
        let fixture = try DemoFixture(messages: 10)
        let account = try fixture.store.accounts()[0]
        for address in ["zoe.one@example.test", "zoe.two@example.test", "zoe.three@example.test"] {
            try fixture.store.enqueue(accountId: account.id!, raw: Data("Subject: x\r\n\r\ny\r\n".utf8), envelopeFrom: "me@example.test",
                                      recipients: [address])
        }
        let (app, screen) = try fixture.app(columns: 100)
        app.press(.character("m"))
        app.type("zoe.")
        app.press(.tab)
        app.draw()
        let shown = screen.render()
        #expect(["zoe.one", "zoe.two", "zoe.three"].allSatisfy { shown.contains($0) }, "every match is listed: \(shown)")
        let first = try #require(app.prompt?.text)
        app.press(.down)
        #expect(app.prompt?.text != first, "Down takes the next")
        app.press(.up)
        #expect(app.prompt?.text == first, "Up goes back")
    }

    @Test func anEditorThatFailsLosesNothing() throws {
        let fixture = try DemoFixture(messages: 5)
        let (app, _) = try fixture.app(columns: 100)
        app.onEdit = { _ in throw ComposeFailure("the editor (false) ended with status 1; the message was kept as it was") }
        app.press(.character("m"), .enter, .enter)
        #expect(app.pendingCompose != nil, "the message waits; e edits it again")
        #expect(app.lastError?.contains("ended with status 1") == true)
    }
}

@Suite struct AddressCompletionTests {
    @Test func tabCompletesFromSendersAndFromPeopleWrittenTo() throws {
        let fixture = try DemoFixture(messages: 60)
        let store = fixture.store
        // A sender of stored mail, found by the start of a word of the name.
        let sender = try #require(try store.messageWindow(MessageQuery(folderId: nil), offset: 0, limit: 1).first)
        let word = String(sender.fromName.split(separator: " ").last ?? "").prefix(3)
        let suggestions = try store.suggestAddresses(prefix: String(word))
        #expect(suggestions.contains { $0.address == sender.fromAddress.lowercased() }, "\(word) → \(suggestions)")

        // Someone written to outranks everyone only seen.
        let account = try store.accounts()[0]
        for _ in 0..<3 {
            try store.enqueue(accountId: account.id!, raw: Data("Subject: x\r\n\r\ny\r\n".utf8), envelopeFrom: "me@example.test",
                              recipients: ["zoe.friend@example.test"])
        }
        #expect(try store.suggestAddresses(prefix: "zo").first?.address == "zoe.friend@example.test")
        #expect(try store.suggestAddresses(prefix: "%").isEmpty, "LIKE wildcards typed match only themselves")

        let (app, _) = try fixture.app(columns: 100)
        var edited = ""
        app.onEdit = { path in edited = try String(contentsOfFile: path, encoding: .utf8) }
        app.press(.character("m"))
        app.type("a@example.test, zo")
        app.press(.tab)
        #expect(app.prompt?.text == "a@example.test, zoe.friend@example.test")
        app.press(.enter)
        app.type("Lunch")
        app.press(.enter)
        #expect(edited.contains("To: a@example.test, zoe.friend@example.test"))
        #expect(edited.contains("Subject: Lunch"))
    }
}

extension MailApp {
    /// Opens a folder by name, as picking it in the sidebar does.
    func open(folderNamed name: String) throws {
        let folder = sidebar.entries.compactMap { entry -> FolderSummary? in
            if case let .folder(folder) = entry.kind { return folder }
            return nil
        }.first { $0.name == name }
        guard let folder else { throw StoreError.notFound(name) }
        try openFolder(folder)
    }
}
