import Foundation
import MailStore
@testable import MailUI
import Terminal
import Testing

/// The thread view: replies under what they answer, newest activity first, collapse
/// and expand, and the index window reading rows by thread position.
@Suite struct ThreadViewTests {
    func row(_ id: Int64, _ messageID: String, replyTo: String? = nil, day: Int) -> MailStore.ThreadingRow {
        MailStore.ThreadingRow(id: id, messageID: messageID, inReplyTo: replyTo, references: replyTo, subject: "s\(id)",
                               date: Date(timeIntervalSince1970: Double(day) * 86_400))
    }

    @Test func repliesNestAndThreadsSortByLatestActivity() {
        var list = ThreadList([
            row(1, "a@x", day: 1), row(2, "b@x", replyTo: "a@x", day: 3), row(3, "c@x", replyTo: "b@x", day: 4),
            row(4, "d@x", day: 2), row(5, "e@x", replyTo: "missing@x", day: 0),
        ])
        #expect(list.rows.map(\.id) == [1, 2, 3, 4, 5], "thread 1 was active last (day 4); a reply to a missing parent stands alone")
        #expect(list.rows.map(\.depth) == [0, 1, 2, 0, 0])
        list.toggle(threadOf: 3)
        #expect(list.rows.map(\.id) == [1, 4, 5])
        #expect(list.rows.first?.hidden == 2)
        list.toggle(threadOf: 1)
        #expect(list.rows.map(\.id) == [1, 2, 3, 4, 5])
        let oldest = ThreadList([row(1, "a@x", day: 1), row(4, "d@x", day: 2)], oldestFirst: true)
        #expect(oldest.rows.map(\.id) == [1, 4])
    }

    @Test func theIndexShowsThreadsAndCollapsesThem() throws {
        let fixture = try DemoFixture(messages: 300)
        let (app, screen) = try fixture.app(columns: 120, rows: 40)
        let flat = app.index.total
        app.press(.character("V"))
        #expect(app.index.isThreaded)
        #expect(app.index.total == flat, "every message is a row")
        app.draw()
        let text = screen.render()
        #expect(text.contains("threads"))
        #expect(text.contains("└>"), "replies are drawn under their parent:\n\(text)")
        // Collapse the first thread that has replies.
        let position = try #require((0..<app.index.total).first { (app.index.threadRow(at: $0)?.depth ?? 0) > 0 })
        app.index.select(position, height: 37)
        app.press(.character("-"))
        #expect(app.index.total < flat)
        let root = try #require(app.index.threadRow(at: app.index.selected))
        #expect(root.depth == 0 && root.hidden > 0, "the selection is on the collapsed root")
        app.draw()
        #expect(screen.render().contains("(+\(root.hidden))"))
        app.press(.character("-"))
        #expect(app.index.total == flat)
        // A search is a flat list; leaving it restores threads.
        app.press(.character("/"))
        app.type("the")
        app.press(.enter)
        #expect(!app.index.isThreaded)
        app.press(.escape)
        #expect(app.index.isThreaded)
        app.press(.character("V"))
        #expect(!app.index.isThreaded && app.index.total == flat)
    }
}
