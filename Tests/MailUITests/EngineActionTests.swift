import Foundation
import MailStore
@testable import MailUI
import SyncEngine
import Terminal
import Testing

/// Message actions in the TUI: keys become engine commands (the UI never writes the
/// store), and the engine's events redraw the index and the status line.
@Suite struct EngineActionTests {
    @Test func keysSendCommandsForTheSelectedMessage() throws {
        let fixture = try DemoFixture()
        let (app, _) = try fixture.app(columns: 100)
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        let selected = try #require(try app.record(at: 0, store: fixture.store))
        let id = selected.id!
        let read = selected.hasFlag("\\Seen")
        app.press(.character("N"), .character("F"), .character("d"), .character("a"), .character("$"))
        app.press(.character("s"))
        app.type("Lists/swift-dev")
        app.press(.enter)
        app.press(.character("C"))
        app.type("Archive")
        app.press(.enter)
        app.press(.character("s"), .escape)
        #expect(sent == [
            .setFlags(ids: [id], add: read ? [] : ["\\Seen"], remove: read ? ["\\Seen"] : []),
            .setFlags(ids: [id], add: selected.hasFlag("\\Flagged") ? [] : ["\\Flagged"], remove: selected.hasFlag("\\Flagged") ? ["\\Flagged"] : []),
            .delete(ids: [id]), .archive(ids: [id]), .syncNow,
            .move(ids: [id], folder: "Lists/swift-dev"), .copy(ids: [id], folder: "Archive"),
        ], "Escape cancels the last prompt")
        #expect(try fixture.store.message(id: id).flags == selected.flags, "the UI itself changed nothing")
    }

    @Test func theEngineAppliesActionsAndTheIndexFollows() throws {
        let fixture = try DemoFixture(messages: 40)
        let (app, screen) = try fixture.app(columns: 100)
        let (engine, inbox) = fixture.engine(for: app)
        defer { engine.stop() }
        let before = app.index.total
        let first = try #require(try app.record(at: 0, store: fixture.store))
        app.press(.character("d"))
        #expect(inbox.wait { $0.contains { $0.changesStore } })
        for event in inbox.drain() { app.handle(event) }
        #expect(app.index.total == before - 1, "the deleted message left the index")
        #expect(try app.record(at: 0, store: fixture.store)?.id != first.id)
        app.draw()
        #expect(screen.render().contains("Moved 1 message to Trash."))
        let trash = try fixture.store.folder(named: "Trash")
        #expect(try fixture.store.message(id: first.id!).folderId == trash.id)

        // A move to a folder that does not exist: the engine says so in words.
        app.press(.character("s"))
        app.type("Nowhere")
        app.press(.enter)
        #expect(inbox.wait { $0.contains { if case .failed = $0 { return true } else { return false } } })
        for event in inbox.drain() { app.handle(event) }
        app.draw()
        #expect(screen.render().contains("Error: folder \"Nowhere\""))
    }

    @Test func anActionSaysWhichFoldersItTouched() throws {
        let fixture = try DemoFixture(messages: 40)
        let (app, _) = try fixture.app(columns: 100)
        let (engine, inbox) = fixture.engine(for: app)
        defer { engine.stop() }
        let first = try #require(try app.record(at: 0, store: fixture.store))
        let source = first.folderId
        let archive = try fixture.store.folder(named: "Archive").id!
        engine.send(.move(ids: [first.id!], folder: "Archive"))
        #expect(inbox.wait { $0.contains { if case .done = $0 { return true } else { return false } } })
        let events = inbox.drain()
        let changed = Set(events.compactMap { event -> Int64? in
            if case let .folderChanged(folderId) = event { return folderId }
            return nil
        })
        #expect(changed == [source, archive], "\(events)")
        #expect(!events.contains(.foldersChanged), "no reload of everything for a move")
        app.handle(events)
        #expect(app.sidebar.entries.compactMap(\.folder).first { $0.folderId == archive }?.total
                == (try fixture.store.folderSummary(id: archive))?.total)
    }

    @Test func aChangeOfFlagsRereadsTheRowsWithoutRecounting() throws {
        let fixture = try DemoFixture(messages: 40)
        let (app, _) = try fixture.app(columns: 100)
        let (engine, inbox) = fixture.engine(for: app)
        defer { engine.stop() }
        app.draw()  // the rows on screen are read and kept
        let first = try #require(try app.record(at: 0, store: fixture.store))
        let before = try #require(try fixture.store.folderSummary(id: first.folderId))
        let wasSeen = first.flags.contains(SystemFlag.seen.rawValue)
        engine.send(.setFlags(ids: [first.id!], add: wasSeen ? [] : [SystemFlag.seen.rawValue],
                              remove: wasSeen ? [SystemFlag.seen.rawValue] : []))
        #expect(inbox.wait { $0.contains { if case .done = $0 { return true } else { return false } } })
        let events = inbox.drain()
        #expect(events.contains(.flagsChanged(folderId: first.folderId, messageIds: [first.id!])), "\(events)")
        #expect(!events.contains { if case .folderChanged = $0 { return true } else { return false } },
                "flags alone are not a change of the folder's messages: \(events)")
        // A row the event does not name is not read again: changed behind the reader's
        // back, it keeps what was read.
        let second = try #require(try app.record(at: 1, store: fixture.store))
        #expect(try fixture.store.changeFlags(messageIds: [second.id!], add: ["$Behind"], remove: []) == 1)
        app.handle(events)
        let row = try #require(try app.record(at: 0, store: fixture.store))
        #expect(row.id == first.id, "the same message in the same place")
        #expect(row.flags.contains(SystemFlag.seen.rawValue) == !wasSeen, "the row is read again")
        #expect(try app.record(at: 1, store: fixture.store)?.flags.contains("$Behind") == false, "only the named row is read again")
        // A change of flags from elsewhere (the server's) names no messages: every row is read again.
        app.handle(.flagsChanged(folderId: first.folderId))
        #expect(try app.record(at: 1, store: fixture.store)?.flags.contains("$Behind") == true)
        let unread = app.sidebar.entries.compactMap(\.folder).first { $0.folderId == first.folderId }?.unread
        #expect(unread == before.unread + (wasSeen ? 1 : -1))
    }

    @Test func connectionStateShowsInTheStatusLine() throws {
        let fixture = try DemoFixture(messages: 5)
        let (app, screen) = try fixture.app(columns: 120)
        app.handle(.connection(account: "work", .online))
        app.draw()
        #expect(screen.render().contains("online"))
        app.handle(.connection(account: "work", .offline(reason: "connection refused", retryAt: Date().addingTimeInterval(4))))
        app.draw()
        let text = screen.render()
        #expect(text.contains("offline, retrying in 4 s"))
        #expect(text.contains("work: cannot reach the server (connection refused)"))
        app.handle(.connection(account: "work", .offlineByChoice))
        app.draw()
        #expect(screen.render().contains("offline (O: go online)"))
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        app.press(.character("O"))
        #expect(sent == [.setOffline(false)])
    }
}

/// The runner's inbox, waited on by tests.
typealias EventBox = EventInbox

extension EventInbox {
    func wait(timeout: TimeInterval = 10, until predicate: ([EngineEvent]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if predicate(pending) { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }
}

extension MailApp {
    /// The index row at `position` (the window caches rows, so it reads a copy).
    func record(at position: Int, store: MailStore) throws -> MessageRecord? {
        var window = index
        return try window.record(at: position, store: store)
    }
}

/// Tags, undo and the status line's outbox count.
@Suite struct TagUndoTests {
    @Test func taggedMessagesTakeTheActionTogetherAndUndoBringsThemBack() throws {
        let fixture = try DemoFixture(messages: 30)
        let (app, screen) = try fixture.app(columns: 100)
        let (engine, inbox) = fixture.engine(for: app)
        defer { engine.stop() }
        let first = try #require(try app.record(at: 0, store: fixture.store))
        let second = try #require(try app.record(at: 1, store: fixture.store))
        app.press(.character("t"), .character("t"))
        #expect(app.tagged == [first.id!, second.id!])
        app.draw()
        #expect(screen.render().split(separator: "\n").filter { $0.contains("*") }.count >= 2, "tagged rows are marked")
        let before = app.index.total
        app.press(.character("a"))
        #expect(inbox.wait { $0.contains(.done("Archived 2 messages.")) })
        for event in inbox.drain() { app.handle(event) }
        #expect(app.tagged.isEmpty)
        #expect(app.index.total == before - 2)

        app.press(.character("u"))
        #expect(inbox.wait { $0.contains(.done("Moved 2 messages to INBOX.")) })
        for event in inbox.drain() { app.handle(event) }
        #expect(app.index.total == before, "undo brought both back")
        let inboxFolder = try fixture.store.folder(named: "INBOX")
        #expect(try fixture.store.message(id: first.id!).folderId == inboxFolder.id)

        // A flag and its undo.
        let wasFlagged = first.hasFlag("\\Flagged")
        app.press(.character("g"), .character("F"))
        #expect(inbox.wait { $0.contains { if case .done = $0 { return true } else { return false } } })
        for event in inbox.drain() { app.handle(event) }
        let flagged = try fixture.store.message(id: try #require(try app.record(at: 0, store: fixture.store)).id!)
        #expect(flagged.hasFlag("\\Flagged") != wasFlagged || flagged.id != first.id)
        app.press(.character("u"))
        #expect(inbox.wait { $0.contains { if case .done = $0 { return true } else { return false } } })
        #expect(try fixture.store.message(id: flagged.id!).hasFlag("\\Flagged") == !flagged.hasFlag("\\Flagged"))
        app.press(.character("u"))
        #expect(app.info == "Nothing to undo.")
    }

    @Test func moveAndCopyTakeEveryTaggedMessageAndACancelledPromptKeepsTheTags() throws {
        let fixture = try DemoFixture(messages: 30)
        let (app, _) = try fixture.app(columns: 100)
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        let first = try #require(try app.record(at: 0, store: fixture.store)?.id)
        let second = try #require(try app.record(at: 1, store: fixture.store)?.id)
        app.press(.character("t"), .character("t"))
        #expect(app.tagged == [first, second])

        // Escape at the prompt: nothing happens and the tags stay.
        app.press(.character("s"), .escape)
        #expect(app.tagged == [first, second], "a cancelled prompt keeps the tags")
        app.press(.character("C"), .escape)
        #expect(app.tagged == [first, second])
        #expect(sent.isEmpty)

        app.press(.character("s"))
        app.type("Archive")
        app.press(.enter)
        #expect(sent.last == .move(ids: [first, second].sorted(), folder: "Archive"), "both tagged messages move, not the one under the cursor")
        #expect(app.tagged.isEmpty, "the action took the tags")

        app.press(.character("g"), .character("t"), .character("t"), .character("C"))
        app.type("Lists/swift-dev")
        app.press(.enter)
        #expect(sent.last == .copy(ids: [first, second].sorted(), folder: "Lists/swift-dev"))

        // The command line applies to the tags too; writing a reply keeps them.
        app.press(.character("g"), .character("t"), .character("t"), .character(":"))
        app.type("move Junk")
        app.press(.enter)
        #expect(sent.last == .move(ids: [first, second].sorted(), folder: "Junk"))
        app.press(.character("g"), .character("t"))
        app.onEdit = { _ in }
        app.press(.character("r"), .character("q"))
        #expect(app.tagged == [first], "a reply does not take the tags")
    }

    @Test func aProgressLineEndsWithTheStepItWasAbout() throws {
        let fixture = try DemoFixture(messages: 5)
        let (app, screen) = try fixture.app(columns: 120)
        app.handle(.progress(SyncProgress(account: "work", step: .offlineChanges, done: 2, total: 2)))
        app.draw()
        #expect(screen.render().contains("work: offline changes 2 of 2"))
        app.handle(.note(.journalReplayed(account: "work", JournalReplayer.Summary())))
        app.draw()
        #expect(!screen.render().contains("offline changes 2 of 2"), "the step is over")
        let folder = try #require(app.currentFolder)
        #expect(screen.render().contains("[\(folder.total) message\(folder.total == 1 ? "" : "s"), "))
    }

    @Test func progressAndOutboxShowInTheStatusLine() throws {
        let fixture = try DemoFixture(messages: 5)
        let (app, screen) = try fixture.app(columns: 120)
        app.handle(.connection(account: "demo", .online))
        app.handle(.progress(SyncProgress(account: "work", step: .headers(folder: "INBOX"), done: 50, total: 100)))
        app.draw()
        #expect(screen.render().contains("work: INBOX: headers 50 of 100 [#####.....]"))
        let account = try fixture.store.accounts()[0]
        try fixture.store.enqueue(accountId: account.id!, raw: Data("Subject: x\r\n\r\ny\r\n".utf8), envelopeFrom: "a@example.test",
                                  recipients: ["b@example.test"])
        app.handle(.outboxChanged)
        app.draw()
        #expect(screen.render().contains("online, 1 in the outbox"))
    }
}

/// Searching also asks the server, and its results join the local ones.
@Suite struct ServerSearchMergeTests {
    @Test func serverResultsJoinTheLocalOnes() throws {
        let fixture = try DemoFixture(messages: 30)
        let (app, screen) = try fixture.app(columns: 100)
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        app.press(.character("/"))
        app.type("nosuchwordanywhere from:ada")
        app.press(.enter)
        #expect(app.index.total == 0)
        let folderId = try #require(app.currentFolder?.folderId)
        let expected = ServerSearch(text: ["nosuchwordanywhere"], from: ["ada"])
        #expect(sent.last == .serverSearch(folderId: folderId, search: expected))
        let ids = try fixture.store.messages(inFolder: folderId, limit: 2).map(\.id!)
        app.handle(.serverSearchResults(folderId: folderId, search: expected, ids: ids))
        #expect(app.index.total == 2)
        app.draw()
        #expect(screen.render().contains("2 more found on the server"))
        // Results for another search are not mixed in.
        app.handle(.serverSearchResults(folderId: folderId, search: ServerSearch(text: ["other"]), ids: [ids[0]]))
        #expect(app.index.total == 2)
    }
}

/// What cannot be taken back is asked first: deleting in Trash, deleting a folder that holds mail.
@Suite struct DestructiveActionTests {
    @Test func deletingInTrashAsksFirstAndUndoSaysWhyItCannot() throws {
        let fixture = try DemoFixture(messages: 40)
        let (app, screen) = try fixture.app(columns: 100)
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        try app.open(folderNamed: "Trash")
        sent = []
        let selected = try #require(try app.record(at: 0, store: fixture.store)?.id)
        app.press(.character("d"))
        app.draw()
        #expect(screen.render().contains("Delete this message for good? It is in Trash; this cannot be undone. (y/n)"))
        #expect(sent.isEmpty, "nothing is deleted before the answer")
        app.press(.character("n"))
        #expect(sent.isEmpty)
        #expect(app.info == "Nothing deleted.")
        app.press(.character("d"), .escape)
        #expect(sent.isEmpty, "Escape declines too")
        app.press(.character("d"), .character("y"))
        #expect(sent == [.delete(ids: [selected])])
        app.press(.character("u"))
        #expect(app.info == "The last delete removed messages from Trash for good; that cannot be undone.")

        // Outside Trash a delete goes to Trash at once and can be undone.
        try app.open(folderNamed: "INBOX")
        let inbox = try #require(try app.record(at: 0, store: fixture.store)?.id)
        app.press(.character("d"))
        #expect(sent.last == .delete(ids: [inbox]))
        app.press(.character("u"))
        #expect(sent.last == .move(ids: [inbox], folder: "INBOX"))
    }

    @Test func deletingAFolderThatHoldsMailAsksAndNamesTheCount() throws {
        let fixture = try DemoFixture(messages: 40)
        let (app, screen) = try fixture.app(columns: 120)
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        let archive = try #require(app.sidebar.entries.compactMap(\.folder).first { $0.name == "Archive" })
        #expect(archive.total > 0)
        app.press(.character(":"))
        app.type("delete-folder Archive")
        app.press(.enter)
        app.draw()
        #expect(screen.render().contains("Delete the folder Archive? Its \(archive.total) message"))
        app.press(.character("n"))
        #expect(sent.isEmpty, "no means no")
        #expect(app.info == "The folder Archive was kept.")
        app.press(.character(":"))
        app.type("delete-folder Archive")
        app.press(.enter, .character("y"))
        #expect(sent == [.deleteFolder(account: "demo", name: "Archive")])
        app.press(.character(":"))
        app.type("delete-folder Nowhere")
        app.press(.enter)
        #expect(app.lastError == "there is no folder \"Nowhere\" in demo")
    }
}

/// `mark_read`: opening a message marks it read at once, after a delay, or never.
@Suite struct MarkReadTests {
    /// The position of the first unread message in the index.
    func firstUnread(_ app: MailApp, _ store: MailStore) throws -> (position: Int, id: Int64) {
        let position = try #require(try (0..<app.index.total).first { try app.record(at: $0, store: store)?.hasFlag("\\Seen") == false })
        return (position, try #require(try app.record(at: position, store: store)?.id))
    }

    @Test func onOpenMarksReadThroughTheEngineOnce() throws {
        let fixture = try DemoFixture(messages: 40)
        let (app, _) = try fixture.app(columns: 100)
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        let (position, id) = try firstUnread(app, fixture.store)
        app.index.select(position, height: 20)
        app.press(.enter)
        #expect(sent == [.setFlags(ids: [id], add: ["\\Seen"], remove: [])])
        let read = try #require(try (0..<app.index.total).first { try app.record(at: $0, store: fixture.store)?.hasFlag("\\Seen") == true })
        app.press(.character("q"))
        app.index.select(read, height: 20)
        app.press(.enter)
        #expect(sent.count == 1, "a message already read is left alone")
    }

    @Test func afterSecondsWaitsAndALeftMessageStaysUnread() throws {
        let fixture = try DemoFixture(messages: 40)
        let (app, _) = try fixture.app(columns: 100)
        app.markRead = .after(seconds: 3)
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        let (position, id) = try firstUnread(app, fixture.store)
        app.index.select(position, height: 20)
        app.press(.enter)
        #expect(sent.isEmpty)
        #expect(!app.tick(now: Date().addingTimeInterval(1)))
        #expect(app.tick(now: Date().addingTimeInterval(4)))
        #expect(sent == [.setFlags(ids: [id], add: ["\\Seen"], remove: [])])

        // Opened and left before the delay: still unread.
        sent = []
        app.press(.character("q"))
        let other = try firstUnread(app, fixture.store)
        app.index.select(other.position == position ? other.position + 1 : other.position, height: 20)
        app.press(.enter, .character("q"))
        #expect(!app.tick(now: Date().addingTimeInterval(10)))
        #expect(sent.isEmpty)
    }

    @Test func neverLeavesItToTheUser() throws {
        let fixture = try DemoFixture(messages: 40)
        let (app, _) = try fixture.app(columns: 100)
        app.markRead = .never
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        let (position, _) = try firstUnread(app, fixture.store)
        app.index.select(position, height: 20)
        app.press(.enter)
        #expect(!app.tick(now: Date().addingTimeInterval(100)))
        #expect(sent.isEmpty)
    }
}
