import Foundation
@testable import MailStore
@testable import MailUI
import Terminal
import TestSupport
import Testing

/// The thread view: thread ids kept by the store as messages arrive (in any order), replies
/// under what they answer, newest activity first, collapse and expand, and the index
/// window reading rows by thread position.
@Suite struct ThreadViewTests {
    /// A store in a temporary folder with one folder, and a way to add messages to it.
    final class ThreadStore {
        let scratch: ScratchStore
        var store: MailStore { scratch.store }
        let folderId: Int64
        let accountId: Int64

        init() throws {
            scratch = try ScratchStore()
            accountId = try scratch.store.ensureAccount(name: "t", kind: .local, email: "t@x").id!
            folderId = try scratch.store.ensureFolder(accountId: accountId, name: "INBOX").id!
        }

        /// Adds a message `name@x` on `day`, replying to `replyTo@x`; References is
        /// `references` (each `@x`), else the message replied to.
        @discardableResult
        func add(_ name: String, replyTo: String? = nil, references: [String]? = nil, day: Int) throws -> Int64 {
            let chain = (references ?? replyTo.map { [$0] } ?? []).map { "\($0)@x" }
            return try store.database.write { db in
                var record = MessageRecord(folderId: folderId, date: Date(timeIntervalSince1970: Double(day) * 86_400),
                                           headerMessageId: "\(name)@x", inReplyTo: replyTo.map { "\($0)@x" },
                                           referencesHeader: chain.isEmpty ? nil : chain.joined(separator: " "), subject: name)
                try record.insert(db, raw: nil, searchBody: "")
                return record.id!
            }
        }

        func list(oldestFirst: Bool = false) throws -> ThreadList {
            try ThreadList(store: store, folderId: folderId, oldestFirst: oldestFirst)
        }

        func rows(_ list: inout ThreadList) throws -> [ThreadList.Row] {
            try (0..<list.total).compactMap { try list.row(at: $0, store: store) }
        }
    }

    @Test func repliesNestAndThreadsSortByLatestActivity() throws {
        let fixture = try ThreadStore()
        let a = try fixture.add("a", day: 1)
        let b = try fixture.add("b", replyTo: "a", day: 3)
        let c = try fixture.add("c", replyTo: "b", day: 4)
        let d = try fixture.add("d", day: 2)
        let e = try fixture.add("e", replyTo: "missing", day: 0)
        var list = try fixture.list()
        var rows = try fixture.rows(&list)
        #expect(rows.map(\.id) == [a, b, c, d, e], "thread a was active last (day 4); a reply to a missing parent stands alone")
        #expect(rows.map(\.depth) == [0, 1, 2, 0, 0])
        try list.toggle(threadOf: c, store: fixture.store)
        rows = try fixture.rows(&list)
        #expect(rows.map(\.id) == [a, d, e])
        #expect(rows.first?.hidden == 2)
        #expect(try list.position(of: b, store: fixture.store) == nil, "a hidden reply has no position")
        #expect(try list.position(of: e, store: fixture.store) == 2)
        try list.toggle(threadOf: a, store: fixture.store)
        rows = try fixture.rows(&list)
        #expect(rows.map(\.id) == [a, b, c, d, e])
        var oldest = try fixture.list(oldestFirst: true)
        #expect(try fixture.rows(&oldest).map(\.id) == [e, d, a, b, c])
    }

    @Test func aWindowsThreadsReadAtOnceGiveTheSameRows() throws {
        let fixture = try ThreadStore()
        for thread in 0..<12 {
            try fixture.add("t\(thread)", day: thread * 3)
            try fixture.add("t\(thread)r", replyTo: "t\(thread)", day: thread * 3 + 1)
            if thread.isMultiple(of: 3) { try fixture.add("t\(thread)rr", replyTo: "t\(thread)r", day: thread * 3 + 2) }
        }
        var oneByOne = try fixture.list()
        let expected = try fixture.rows(&oneByOne)
        var atOnce = try fixture.list()
        // A window in the middle, starting inside a thread and ending inside another, then
        // the whole list (what was read is kept, the rest read in one go).
        try atOnce.prefetch(5..<17, store: fixture.store)
        #expect(try (5..<17).map { try atOnce.row(at: $0, store: fixture.store) } == Array(expected[5..<17]))
        try atOnce.prefetch(-3..<(atOnce.total + 10), store: fixture.store)
        #expect(try fixture.rows(&atOnce) == expected)
        #expect(expected.count == 28 && expected.map(\.depth).filter { $0 == 2 }.count == 4)
    }

    @Test func threadsDoNotDependOnArrivalOrder() throws {
        // Newest first, as a first sync stores them: replies arrive before what they answer.
        let fixture = try ThreadStore()
        let c = try fixture.add("c", replyTo: "b", day: 4)
        let x = try fixture.add("x", replyTo: "a", day: 5)
        let b = try fixture.add("b", replyTo: "a", day: 3)
        let a = try fixture.add("a", day: 1)
        var list = try fixture.list()
        let rows = try fixture.rows(&list)
        #expect(rows.map(\.id) == [a, b, c, x])
        #expect(rows.map(\.depth) == [0, 1, 2, 1])
        #expect(Set(try [a, b, c, x].map { try fixture.store.threadId(ofMessage: $0) }).count == 1)
    }

    @Test func downloadedBatchesAreThreadedAsTheyAreWritten() throws {
        // The batch writer (POP3 downloads, the IMAP mirror) finds the thread before it
        // writes the row: replies first, then what they answer, then an unrelated message.
        let fixture = try ThreadStore()
        func raw(_ name: String, _ references: [String]) -> [UInt8] {
            let refs = references.map { "<\($0)@x>" }.joined(separator: " ")
            return Array("Message-ID: <\(name)@x>\r\n\(references.isEmpty ? "" : "References: \(refs)\r\nIn-Reply-To: <\(references.last!)@x>\r\n")Subject: \(name)\r\n\r\nbody\r\n".utf8)
        }
        let messages = [("c", ["a", "b"]), ("b", ["a"]), ("a", []), ("z", [])].map { name, refs in
            MailStore.PreparedDownload(uidl: name, raw: raw(name, refs), folderId: fixture.folderId, downloadedAt: Date())
        }
        let ids = try fixture.store.storeDownloaded(accountId: fixture.accountId, folderId: fixture.folderId, messages)
        let threads = try ids.map { try fixture.store.threadId(ofMessage: $0) }
        #expect(threads[0] == threads[1] && threads[1] == threads[2], "a, b and c are one thread: \(threads)")
        #expect(threads[3] != threads[0] && threads[3] == ids[3], "z is its own thread")
        var list = try fixture.list()
        let rows = try fixture.rows(&list)
        #expect(rows.filter { $0.root == ids[2] }.map(\.depth) == [0, 1, 2])
    }

    @Test func aMessageJoiningTwoThreadsMergesThem() throws {
        let fixture = try ThreadStore()
        // Two replies to the same missing message are one thread (its placeholder joins them);
        // "m" is not known yet, so "p" and "q" start apart until "r" names both.
        let p = try fixture.add("p", replyTo: "m", day: 1)
        let q = try fixture.add("q", replyTo: "n", day: 2)
        #expect(try fixture.store.threadId(ofMessage: p) != fixture.store.threadId(ofMessage: q))
        let r = try fixture.add("r", replyTo: "q", references: ["p", "q"], day: 3)
        let threads = Set(try [p, q, r].map { try fixture.store.threadId(ofMessage: $0) })
        #expect(threads.count == 1)
        // Inside the thread, Threader keeps q under its own missing parent n (a parent once
        // set is kept), so the thread shows two trees, the one active last first.
        var list = try fixture.list()
        let rows = try fixture.rows(&list)
        #expect(rows.map(\.id) == [q, r, p])
        #expect(Set(rows.map(\.root)) == [q], "one thread: collapsing it hides all three")
        #expect(try fixture.store.threadSummaries(folderId: fixture.folderId).map(\.count) == [3])
    }

    @Test func aMovedMessageKeepsItsThread() throws {
        let fixture = try ThreadStore()
        let a = try fixture.add("a", day: 1)
        let b = try fixture.add("b", replyTo: "a", day: 2)
        try fixture.store.ensureFolder(accountId: fixture.accountId, name: "Archive")
        try fixture.store.moveMessages(ids: [b], to: "Archive")
        let c = try fixture.add("c", replyTo: "b", references: ["a", "b"], day: 3)
        #expect(try fixture.store.threadId(ofMessage: c) == fixture.store.threadId(ofMessage: a),
                "the reply is linked through the moved message")
        var list = try fixture.list()
        let rows = try fixture.rows(&list)
        #expect(rows.map(\.id) == [a, c] && rows.map(\.depth) == [0, 1], "in INBOX the reply sits under the message it descends from")
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
