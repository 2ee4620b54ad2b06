import Foundation
import MailStore
import MailUI
import Terminal
import Testing

/// Key handling: motion, opening messages, next/previous, folders, search, help, quit.
@Suite struct MailAppTests {
    @Test func viMotionAndJumps() throws {
        let fixture = try DemoFixture()
        let (app, _) = try fixture.app(columns: 80)
        let total = app.index.total
        #expect(total > 20)
        app.press(.character("j"), .character("j"))
        #expect(app.index.selected == 2)
        app.press(.character("k"))
        #expect(app.index.selected == 1)
        app.press(.character("G"))
        #expect(app.index.selected == total - 1)
        app.press(.character("j"))
        #expect(app.index.selected == total - 1, "stops at the end")
        app.press(.character("g"))
        #expect(app.index.selected == 0)
        app.press(.up)
        #expect(app.index.selected == 0, "stops at the start")
        app.press(.pageDown)
        #expect(app.index.selected == 21, "a page is the body height (24 rows - 3)")
        app.press(.ctrl("u"))
        #expect(app.index.selected == 11)
    }

    @Test func openNextPreviousAndBack() throws {
        let fixture = try DemoFixture()
        let (app, screen) = try fixture.app(columns: 80)
        app.press(.enter)
        #expect(app.mode == .pager)
        let first = app.pager?.messageId
        app.press(.character("J"))
        #expect(app.index.selected == 1)
        #expect(app.pager?.messageId != first)
        app.press(.character("K"))
        #expect(app.pager?.messageId == first)
        app.press(.character("K"))
        app.draw()
        #expect(screen.render().contains("This is the first message."))
        app.press(.character("q"))
        #expect(app.mode == .index)
        #expect(!app.isFinished)
        app.press(.character("q"))
        #expect(app.isFinished)
    }

    @Test func pagerScrollsAndShowsTheRenderedBody() throws {
        let fixture = try DemoFixture()
        let (app, screen) = try fixture.app(columns: 80, rows: 8)
        app.press(.enter)
        app.draw()
        let rendered = screen.render()
        #expect(rendered.contains("From: "))
        #expect(rendered.contains("Subject: "))
        let lines = app.pager?.lines.count ?? 0
        app.press(.character("G"))
        app.draw()
        if lines > 5 { #expect(screen.render().contains("100%")) }
        app.press(.character("g"))
        app.draw()
        #expect(screen.render().contains("Date: "))
    }

    @Test func foldersOpenFromTheSidebar() throws {
        let fixture = try DemoFixture()
        let (app, _) = try fixture.app(columns: 100)
        #expect(app.currentFolder?.name == "INBOX")
        app.press(.tab)
        #expect(app.focus == .sidebar)
        app.press(.character("j"), .enter)
        #expect(app.focus == .index)
        #expect(app.currentFolder?.name == "Drafts")
        #expect(app.index.total == app.currentFolder?.total)
    }

    @Test func sidebarListsSpecialUseFirstAndNestsByDelimiter() throws {
        let fixture = try DemoFixture()
        let (app, _) = try fixture.app(columns: 100)
        let titles = app.sidebar.entries.map { String(repeating: " ", count: $0.depth) + $0.title }
        #expect(titles == ["demo", " Inbox", " Drafts", " Sent", " Archive", " Junk", " Trash", " Lists", "  mutt-users", "  swift-dev"])
        #expect(app.sidebar.entries.filter(\.isFolder).count == 8)
    }

    @Test func searchNarrowsTheIndexAndEscapeLeavesIt() throws {
        let fixture = try DemoFixture()
        let (app, screen) = try fixture.app(columns: 80)
        let total = app.index.total
        app.press(.character("/"))
        app.type("subject:migration")
        app.press(.enter)
        #expect(app.search != nil)
        #expect(app.index.total > 0 && app.index.total < total)
        for position in 0..<app.index.total {
            let record = try #require(try app.indexRecord(position, store: fixture.store))
            #expect(record.subject.lowercased().contains("migration"))
        }
        app.draw()
        #expect(screen.render().contains("search: subject:migration"))
        app.press(.escape)
        #expect(app.search == nil)
        #expect(app.index.total == total)
    }

    @Test func aSearchSaysWhenDownloadedTextIsNotIndexedYet() throws {
        let fixture = try DemoFixture()
        let inbox = try fixture.store.folder(named: "INBOX")
        try fixture.store.storeMirrorHeaders(folderId: inbox.id!, (1...3).map { index in
            let bytes = Array("From: <a@example.test>\r\nSubject: fresh \(index)\r\n\r\nnot indexed yet\r\n".utf8)
            return MailStore.MirrorHeader(uid: Int64(900_000 + index), flags: [], internalDate: nil, size: Int64(bytes.count),
                                          bytes: bytes, isComplete: true)
        })
        let (app, screen) = try fixture.app(columns: 120)
        app.press(.character("/"))
        app.type("subject:fresh")
        app.press(.enter)
        app.draw()
        #expect(app.index.total == 3, "subjects are searchable at once")
        #expect(screen.render().contains("The text of 3 new messages is still being indexed."))
        _ = try fixture.store.indexPendingBodies()
        app.press(.character("/"))
        app.type("subject:fresh")
        app.press(.enter)
        app.draw()
        #expect(!screen.render().contains("still being indexed"))
    }

    @Test func aBadSearchIsAnErrorInWords() throws {
        let fixture = try DemoFixture()
        let (app, screen) = try fixture.app(columns: 80)
        app.press(.character("/"))
        app.type("before:yesterday")
        app.press(.enter)
        app.draw()
        #expect(screen.render().contains("Error: before:yesterday is not a date; write YYYY-MM-DD"))
        app.press(.character("/"))
        app.type("\"unbalanced OR NEAR(")
        app.press(.enter)
        #expect(app.lastError == nil, "FTS5 operators typed by the user are searched as text")
    }

    @Test func helpListsEveryBoundAction() throws {
        let fixture = try DemoFixture()
        let (app, screen) = try fixture.app(columns: 120, rows: 200)
        app.press(.character("?"))
        app.draw()
        let text = screen.render()
        for context in KeyContext.allCases {
            #expect(text.contains(context.title))
            for (action, _) in Keymap.standard.keysByAction(in: context) {
                #expect(text.contains(action.summary), "\(action)")
            }
        }
        #expect(text.contains("Ctrl-Z"))
        app.press(.character("q"))
        #expect(app.mode == .index)
    }

    @Test func mouseClickSelectsThenOpensAndWheelScrolls() throws {
        let fixture = try DemoFixture()
        let (app, _) = try fixture.app(columns: 100)
        app.press(.mouse(MouseEvent(.leftClick, row: 4, column: 50)))
        #expect(app.index.selected == 3)
        app.press(.mouse(MouseEvent(.leftClick, row: 4, column: 50)))
        #expect(app.mode == .pager)
        app.press(.character("q"))
        app.press(.mouse(MouseEvent(.wheelDown, row: 5, column: 50)))
        #expect(app.index.top == 3)
    }

    @Test func resizeToTinyAndBackDoesNotCrash() throws {
        let fixture = try DemoFixture()
        let screen = TextGridScreen(rows: 30, columns: 100)
        let app = try MailApp(store: fixture.store, screen: screen, timeZone: TimeZone(identifier: "UTC")!)
        app.press(.character("G"))
        for (columns, rows) in [(40, 10), (5, 2), (1, 1), (0, 0), (100, 30)] {
            screen.resize(rows: rows, columns: columns)
            app.press(.resize)
            app.draw()
            app.press(.enter)
            app.draw()
            app.press(.character("q"))
            app.draw()
        }
        #expect(app.index.selected == app.index.total - 1)
        #expect(screen.render().contains("-- demo/INBOX"))
    }

    @Test func sortOrderToggles() throws {
        let fixture = try DemoFixture()
        let (app, screen) = try fixture.app(columns: 80)
        let newest = try #require(try app.indexRecord(0, store: fixture.store))
        let oldest = try #require(try app.indexRecord(app.index.total - 1, store: fixture.store))
        app.press(.character("o"))
        #expect(try app.indexRecord(0, store: fixture.store)?.id == oldest.id)
        #expect(try app.indexRecord(app.index.total - 1, store: fixture.store)?.id == newest.id)
        app.draw()
        #expect(screen.render().contains("oldest first"))
        app.press(.character("/"))
        app.type("subject:migration")
        app.press(.enter)
        #expect(app.index.query.oldestFirst, "a search keeps the order")
        app.press(.escape, .character("o"))
        #expect(try app.indexRecord(0, store: fixture.store)?.id == newest.id)
    }

    @Test func sortKeysStepThroughSenderSubjectAndSize() throws {
        let fixture = try DemoFixture()
        let (app, screen) = try fixture.app(columns: 120)
        app.press(.character("V"))
        #expect(app.index.isThreaded)
        app.press(.character("S"))
        #expect(app.index.query.sort == .from && !app.index.isThreaded, "threads need date order")
        app.draw()
        #expect(screen.render().contains("by sender, A to Z"))
        let first = try #require(try app.indexRecord(0, store: fixture.store))
        let last = try #require(try app.indexRecord(app.index.total - 1, store: fixture.store))
        let name = { (record: MessageRecord) in (record.fromName.isEmpty ? record.fromAddress : record.fromName).lowercased() }
        #expect(name(first) <= name(last))
        app.press(.character("S"))
        #expect(app.index.query.sort == .subject)
        app.press(.character("S"), .character("o"))
        #expect(app.index.query.sort == .size)
        app.draw()
        #expect(screen.render().contains("smallest first"))
        let smallest = try #require(try app.indexRecord(0, store: fixture.store))
        #expect(smallest.size <= (try app.indexRecord(app.index.total - 1, store: fixture.store)?.size ?? 0))
        app.press(.character("S"))
        #expect(app.index.query.sort == .date && !app.index.query.oldestFirst, "back to newest first")
    }

    @Test func unboundKeysSaySo() throws {
        let fixture = try DemoFixture()
        let (app, screen) = try fixture.app(columns: 80)
        app.press(.function(9))
        app.draw()
        #expect(screen.render().contains("F9 is not bound here; press ? for help"))
    }
}

extension MailApp {
    /// The record at a position of the index (reads through the window, as drawing does).
    func indexRecord(_ position: Int, store: MailStore) throws -> MessageRecord? {
        var window = index
        return try window.record(at: position, store: store)
    }
}
