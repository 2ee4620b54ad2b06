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
