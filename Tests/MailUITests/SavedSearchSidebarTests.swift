import Foundation
import MailMessage
import MailStore
@testable import MailUI
import MerleConfig
import SyncEngine
import Terminal
import Testing

/// Saved searches in the reader's sidebar: above the accounts with their counts over
/// every account, opened with Enter like a folder, counted again as mail comes.
@Suite struct SavedSearchSidebarTests {
    @Test func aSavedSearchIsListedCountedAndOpenedLikeAFolder() throws {
        let fixture = try DemoFixture(messages: 40)
        let (app, screen) = try fixture.app(columns: 140, rows: 30)
        var sent: [EngineCommand] = []
        app.sendCommand = { sent.append($0) }
        let token = "Zebra\(UUID().uuidString.prefix(6))"
        try fixture.add("Subject: \(token) one\r\n\r\nStripes.\r\n", subject: "\(token) one")
        try fixture.add("Subject: \(token) two\r\n\r\nStripes.\r\n", subject: "\(token) two", folder: "Archive")
        app.savedSearches = [SavedSearch(name: "Zebras", query: "subject:\(token)")]
        app.draw()
        let listed = screen.render()
        #expect(listed.contains("Searches") && listed.contains("Zebras"), "\(listed)")
        #expect(listed.contains("2/2"), "2 unread of 2, from two folders: \(listed)")
        #expect(app.currentFolder?.name == "INBOX", "the reader still opens a folder first")

        // Enter on it in the folder list: its messages, from every folder.
        app.press(.tab)
        app.folderList.sidebar.select(searchNamed: "Zebras")
        app.press(.enter)
        app.draw()
        let opened = screen.render()
        #expect(app.index.total == 2)
        #expect(opened.contains("-- search Zebras  [2 messages, every account]"), "\(opened)")
        #expect(opened.contains("\(token) one") && opened.contains("\(token) two"), "\(opened)")

        // Actions work on its rows as in a folder.
        app.press(.character("F"))
        guard case let .setFlags(ids, add, _)? = sent.last else {
            Issue.record("nothing flagged: \(sent)")
            return
        }
        #expect(add == ["\\Flagged"] && ids.count == 1)

        // New mail that matches is counted and shown.
        let third = try fixture.add("Subject: \(token) three\r\n\r\nStripes.\r\n", subject: "\(token) three")
        let inbox = try fixture.store.folder(named: "INBOX")
        app.handle(.messagesAdded(folderId: inbox.id!, count: 1))
        #expect(app.index.total == 3)
        // A saved search counted over its matches is counted again on the next tick after
        // the delay (one recount for a burst of changes), not on the event itself.
        #expect(app.nextTick != nil)
        app.tick(now: Date().addingTimeInterval(MailApp.savedSearchRecountDelay + 1))
        #expect(app.folderList.sidebar.searches.first?.total == 3)
        #expect(try app.record(at: 0, store: fixture.store)?.id == third)

        // Esc goes back to the folder open before.
        app.press(.escape)
        app.draw()
        #expect(app.currentFolder?.name == "INBOX" && !screen.render().contains("-- search Zebras"))
    }
}

extension SavedSearchSidebarTests {
    @Test func saveSearchKeepsTheSearchShownInTheConfigAndTheSidebar() throws {
        let fixture = try DemoFixture(messages: 20)
        let (app, screen) = try fixture.app(columns: 140, rows: 30)
        app.sendCommand = { _ in }
        let path = NSTemporaryDirectory() + "merle-ui-save-\(UUID().uuidString).toml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "[[account]]\nname = \"demo\"\nemail = \"you@demo.merle.test\"\n[account.imap]\nhost = \"127.0.0.1\"\nuser = \"you\"\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        app.configPath = path
        #expect(throws: (any Error).self, "nothing is searched yet") { try app.runCommand("save-search Nothing") }
        #expect(app.savedSearches.isEmpty)
        app.runSearch("is:unread")
        try app.runCommand("save-search Unread mail")
        #expect(app.savedSearches == [SavedSearch(name: "Unread mail", query: "is:unread")])
        #expect(try ConfigLoader.load(path: path).searches == app.savedSearches)
        app.draw()
        #expect(screen.render().contains("Unread mail"), "\(screen.render())")
    }
}

extension SavedSearchSidebarTests {
    @Test func allInboxesIsBuiltInOnceThereIsASecondAccount() throws {
        let fixture = try DemoFixture(messages: 20)
        let (app, screen) = try fixture.app(columns: 140, rows: 30)
        app.sendCommand = { _ in }
        app.savedSearches = []
        app.draw()
        #expect(!screen.render().contains("All inboxes"), "one account: no entry")

        let work = try fixture.store.ensureAccount(name: "work", kind: .imap, email: "me@work.example")
        let workInbox = try fixture.store.ensureFolder(accountId: work.id!, name: "INBOX")
        let date = Date(timeIntervalSince1970: 1_900_000_000)
        let record = MessageRecord(folderId: workInbox.id!, flags: [], internalDate: date, date: date, size: 10,
                                   subject: "From work", fromName: "", fromAddress: "boss@work.example", bodyState: .full)
        try fixture.store.insertLocalMessages([MailStore.LocalMessage(record: record, raw: Data("Subject: From work\r\n\r\nx\r\n".utf8), searchBody: "x")])
        app.handle(.foldersChanged)
        app.draw()
        #expect(screen.render().contains("All inboxes"), "\(screen.render())")
        let demoInbox = try fixture.store.folder(named: "INBOX", account: "demo")
        let expected = try #require(try fixture.store.folderSummary(id: demoInbox.id!)).total + 1
        #expect(app.folderList.sidebar.searches.first == SavedSearchSummary(name: "All inboxes", query: "in:inbox", total: expected,
                                                                             unread: app.folderList.sidebar.searches.first?.unread ?? 0))
        let all = try #require(app.folderList.sidebar.searches.first)
        try app.openSavedSearch(all)
        #expect(app.index.total == expected, "the INBOX of both accounts, and nothing else")
    }
}

extension SavedSearchSidebarTests {
    /// After a flag change, a saved search the kept folder counts answer (`is:unread`) is
    /// counted again at once; one counted over its matches waits for the tick after the
    /// delay, then says the new counts.
    @Test func countsFollowAFlagChange() throws {
        let fixture = try DemoFixture(messages: 40)
        let (app, _) = try fixture.app(columns: 140, rows: 30)
        app.sendCommand = { _ in }
        let token = "Okapi\(UUID().uuidString.prefix(6))"
        let first = try fixture.add("Subject: \(token) one\r\n\r\nStripes.\r\n", subject: "\(token) one")
        try fixture.add("Subject: \(token) two\r\n\r\nStripes.\r\n", subject: "\(token) two", folder: "Archive")
        app.savedSearches = [SavedSearch(name: "Unread", query: "is:unread"), SavedSearch(name: "Okapis", query: "subject:\(token)")]
        func counts(_ name: String) -> [Int]? {
            app.folderList.sidebar.searches.first { $0.name == name }.map { [$0.total, $0.unread] }
        }
        let unreadBefore = try #require(counts("Unread"))
        #expect(counts("Okapis") == [2, 2])
        #expect(app.nextTick == nil, "nothing to count again")

        _ = try fixture.store.changeFlags(messageIds: [first], add: ["\\Seen"], remove: [])
        let inbox = try fixture.store.folder(named: "INBOX")
        let now = Date()
        app.handle(.flagsChanged(folderId: inbox.id!, messageIds: [first]))
        #expect(counts("Unread") == [unreadBefore[0] - 1, unreadBefore[1] - 1], "counted again at once")
        #expect(counts("Okapis") == [2, 2], "not yet: the recount is put off")
        #expect(!app.tick(now: now), "not before the delay")
        #expect(counts("Okapis") == [2, 2])
        let due = try #require(app.nextTick)
        #expect(due > now && due <= now.addingTimeInterval(MailApp.savedSearchRecountDelay + 1))
        #expect(app.tick(now: due.addingTimeInterval(0.01)), "the recount changed the sidebar")
        #expect(counts("Okapis") == [2, 1])
        #expect(app.nextTick == nil)
    }

    /// In the reader's loop (`wake` set) the first count and every recount run on another
    /// thread: the sidebar shows "…" until the first is made, the tick that starts one
    /// changes nothing, the wake comes when the counts are ready, and the next tick shows
    /// them.
    @Test func theRecountRunsOffTheUIThreadWhenTheLoopCanBeWoken() throws {
        let fixture = try DemoFixture(messages: 40)
        let (app, screen) = try fixture.app(columns: 140, rows: 30)
        app.sendCommand = { _ in }
        let woken = DispatchSemaphore(value: 0)
        app.wake = { woken.signal() }
        let token = "Tapir\(UUID().uuidString.prefix(6))"
        let first = try fixture.add("Subject: \(token) one\r\n\r\nStripes.\r\n", subject: "\(token) one")
        app.savedSearches = [SavedSearch(name: "Tapirs", query: "subject:\(token)")]
        // Read from the config: counted on another thread from the first tick, not before the first screen.
        #expect(app.folderList.sidebar.searches.first?.counted == false)
        app.draw()
        #expect(screen.render().contains("Tapirs") && screen.render().contains("…"), "\(screen.render())")
        let start = try #require(app.nextTick, "the first tick starts the count")
        #expect(!app.tick(now: start.addingTimeInterval(0.01)), "started elsewhere; nothing to show yet")
        #expect(woken.wait(timeout: .now() + 30) == .success, "the counting thread woke the loop")
        #expect(app.tick(now: start.addingTimeInterval(0.02)), "the counts are shown")
        #expect(app.folderList.sidebar.searches.first.map { [$0.total, $0.unread] } == [1, 1])
        #expect(app.folderList.sidebar.searches.first?.counted == true)

        _ = try fixture.store.changeFlags(messageIds: [first], add: ["\\Seen"], remove: [])
        app.handle(.flagsChanged(folderId: try fixture.store.folder(named: "INBOX").id!, messageIds: [first]))
        let due = try #require(app.nextTick)
        #expect(!app.tick(now: due.addingTimeInterval(0.01)), "started elsewhere; nothing to show yet")
        #expect(app.nextTick == nil, "the loop waits for the wake, not the clock")
        #expect(woken.wait(timeout: .now() + 30) == .success, "the counting thread woke the loop")
        #expect(app.tick(now: due.addingTimeInterval(0.02)), "the counts are shown")
        #expect(app.folderList.sidebar.searches.first.map { [$0.total, $0.unread] } == [1, 0])
    }

    /// A saved search with more matches than a screen's chunk shows its first screen
    /// before it is counted; the status line says "more than" until the reader is idle,
    /// then the total.
    @Test func theStatusLineFillsInTheTotalWhenCounted() throws {
        let fixture = try DemoFixture(messages: 900)
        let (app, screen) = try fixture.app(columns: 160, rows: 30)
        app.sendCommand = { _ in }
        app.savedSearches = [SavedSearch(name: "Everything", query: "before:2100-01-01")]
        let expected = try fixture.store.messageIds(MessageQuery(folderId: nil, before: Date(timeIntervalSince1970: 4_102_444_800))).count
        #expect(expected > 300)
        #expect(app.folderList.sidebar.searches.first?.total == expected, "the sidebar has it counted")
        let search = try #require(app.folderList.sidebar.searches.first)
        try app.openSavedSearch(search)
        app.draw()
        #expect(!app.index.isCounted)
        #expect(screen.render().contains("-- search Everything  [more than 200 messages, every account]"), "\(screen.render())")
        #expect(app.readAhead(), "counted while idle")
        app.draw()
        #expect(app.index.isCounted && app.index.total == expected)
        #expect(screen.render().contains("-- search Everything  [\(expected) messages, every account]"), "\(screen.render())")
        #expect(!app.readAhead(), "nothing more to count")

        // G before the count goes to the real end.
        try app.openSavedSearch(search)
        #expect(!app.index.isCounted)
        app.press(.character("G"))
        #expect(app.index.isCounted && app.index.selected == expected - 1)
    }
}

extension SavedSearchSidebarTests {
    /// In the reader's loop a search's total is counted on another thread: the idle
    /// moment starts it (once), the wake says it is ready, the next tick fills it in; a
    /// count of rows no longer shown (another search, or the same read again) is dropped.
    @Test func theTotalIsCountedOffTheUIThreadInTheLoop() throws {
        let fixture = try DemoFixture(messages: 900)
        let (app, screen) = try fixture.app(columns: 160, rows: 30)
        app.sendCommand = { _ in }
        // Listed before the loop can be woken: counted at once, so this is about the index's total alone.
        app.savedSearches = [SavedSearch(name: "Everything", query: "before:2100-01-01"),
                             SavedSearch(name: "Recent", query: "after:2000-01-01")]
        let woken = DispatchSemaphore(value: 0)
        app.wake = { woken.signal() }
        let expected = try #require(app.folderList.sidebar.searches.first?.total)
        try app.openSavedSearch(try #require(app.folderList.sidebar.searches.first))
        #expect(!app.index.isCounted)
        #expect(!app.readAhead(), "started elsewhere: nothing to draw yet")
        #expect(!app.readAhead(), "and only once")
        #expect(woken.wait(timeout: .now() + 30) == .success)
        #expect(app.tick(), "the total came")
        app.draw()
        #expect(app.index.isCounted && app.index.total == expected)
        #expect(screen.render().contains("[\(expected) messages, every account]"), "\(screen.render())")

        // Counted for one search, shown after another opened: dropped, and counted again.
        try app.openSavedSearch(try #require(app.folderList.sidebar.searches.first))
        #expect(!app.readAhead())
        try app.openSavedSearch(try #require(app.folderList.sidebar.searches.last))
        #expect(woken.wait(timeout: .now() + 30) == .success)
        #expect(!app.tick(), "a count of the search before")
        #expect(!app.index.isCounted)
        #expect(!app.readAhead())
        #expect(woken.wait(timeout: .now() + 30) == .success)
        #expect(app.tick())
        #expect(app.index.isCounted && app.index.total == app.folderList.sidebar.searches.last?.total)

        // Counted, then the same search read again (new mail): the count of the rows
        // before is dropped too.
        try app.openSavedSearch(try #require(app.folderList.sidebar.searches.first))
        #expect(!app.readAhead())
        try fixture.add("Subject: One more\r\n\r\nx\r\n", subject: "One more")
        app.handle(.messagesAdded(folderId: try fixture.store.folder(named: "INBOX").id!, count: 1))
        #expect(woken.wait(timeout: .now() + 30) == .success)
        #expect(!app.tick(now: Date()), "a count of the rows before the new mail")
        #expect(!app.readAhead())
        #expect(woken.wait(timeout: .now() + 30) == .success)
        #expect(app.tick(now: Date()))
        #expect(app.index.isCounted && app.index.total == expected + 1)
    }
}

/// The runner's inbox wakes its loop with no event when work done elsewhere is ready.
@Suite struct EventInboxWakeTests {
    @Test func wakeMakesTheDescriptorReadableAndDrainEmptiesIt() {
        let inbox = EventInbox()
        func readable() -> Bool {
            var poller = pollfd(fd: inbox.wakeDescriptor, events: Int16(POLLIN), revents: 0)
            return poll(&poller, 1, 0) == 1
        }
        #expect(!readable())
        inbox.wake()
        #expect(readable())
        #expect(inbox.drain().isEmpty, "no event, only the wake")
        #expect(!readable())
    }
}
