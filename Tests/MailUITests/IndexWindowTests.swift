import Foundation
import GRDB
import MailStore
import MailUI
import Testing

/// The index reads windows, never the whole folder, and the window agrees with a plain
/// full listing at every position, including near the end (read backwards).
@Suite struct IndexWindowTests {
    @Test func windowMatchesTheFullListingEverywhere() throws {
        let fixture = try DemoFixture(messages: 900)
        let inbox = try fixture.store.folder(named: "INBOX")
        var window = IndexWindow(query: MessageQuery(folderId: inbox.id))
        try window.load(from: fixture.store)
        let everything = try fixture.store.messageWindow(MessageQuery(folderId: inbox.id), offset: 0, limit: 100_000)
        #expect(window.total == everything.count)
        #expect(window.total > window.chunkSizeForTests * 2)
        for position in stride(from: window.total - 1, through: 0, by: -37) {
            #expect(try window.record(at: position, store: fixture.store)?.id == everything[position].id)
            #expect(window.cachedCount <= window.chunkSizeForTests * 3, "three chunks at most")
        }
        #expect(try window.record(at: window.total, store: fixture.store) == nil)
        // Newest first.
        let dates = everything.compactMap(\.date)
        #expect(dates == dates.sorted(by: >))
    }

    /// Every sort key, both ways: each window read (forwards near the top, backwards near
    /// the end) agrees with the folder sorted here in Swift, and the store reads it through
    /// its index instead of sorting the folder.
    @Test(arguments: SortKey.allCases)
    func everySortOrderIsWindowedAndIndexed(key: SortKey) throws {
        let fixture = try DemoFixture(messages: 700)
        let inbox = try fixture.store.folder(named: "INBOX")
        let all = try fixture.store.messageWindow(MessageQuery(folderId: inbox.id), offset: 0, limit: 100_000)
        func sortValue(_ record: MessageRecord) -> String {
            switch key {
            case .date: return record.date.map { String(format: "%020.3f", $0.timeIntervalSince1970) } ?? ""
            case .from: return (record.fromName.isEmpty ? record.fromAddress : record.fromName).lowercased()
            case .subject: return record.subject.lowercased()
            case .size: return String(format: "%020d", record.size)
            }
        }
        for reversed in [false, true] {
            var query = MessageQuery(folderId: inbox.id, oldestFirst: reversed)
            query.sort = key
            let descending = (key == .date || key == .size) != reversed
            let expected = all.sorted { left, right in
                let (a, b) = (sortValue(left), sortValue(right))
                if a != b { return descending ? a > b : a < b }
                return descending ? left.id! > right.id! : left.id! < right.id!
            }.map(\.id)
            var window = IndexWindow(query: query)
            try window.load(from: fixture.store)
            var seen: [Int64?] = []
            for position in 0..<window.total { seen.append(try window.record(at: position, store: fixture.store)?.id) }
            #expect(seen == expected, "sorted by \(key), reversed \(reversed)")
        }
        let plan = try fixture.store.reader.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT id FROM message WHERE folder_id = ? ORDER BY \(key.expression) DESC, id DESC LIMIT 10",
                             arguments: [inbox.id]).map { $0["detail"] as String }
        }.joined(separator: " | ")
        #expect(!plan.contains("TEMP B-TREE"), "sorted without an index: \(plan)")
    }

    @Test func selectionStaysOnScreen() throws {
        var window = IndexWindow(query: MessageQuery(folderId: nil))
        let fixture = try DemoFixture(messages: 100)
        try window.load(from: fixture.store)
        window.select(50, height: 10)
        #expect(window.top == 41)
        window.select(45, height: 10)
        #expect(window.top == 41)
        window.select(10, height: 10)
        #expect(window.top == 10)
        window.scroll(by: 5, height: 10)
        #expect(window.top == 15 && window.selected == 15)
        window.select(1000, height: 10)
        #expect(window.selected == 99 && window.top == 90)
    }
}

/// What an index row says: the recipient of mail the user sent, the year of old mail
/// in narrow terminals, and N with r when both hold.
@Suite struct IndexRowTests {
    let formatter = IndexRowFormatter(timeZone: TimeZone(identifier: "UTC")!, today: Date(timeIntervalSince1970: 1_796_000_000))

    func message(date: TimeInterval = 1_795_000_000, flags: [String] = [], to: String = "Ann Example <ann@example.test>") -> MessageRecord {
        MessageRecord(folderId: 1, uid: 1, flags: flags, date: Date(timeIntervalSince1970: date), size: 1200, subject: "Plans",
                      fromName: "Me", fromAddress: "me@example.test", toAddresses: to)
    }

    @Test func sentMailShowsItsRecipient() {
        #expect(formatter.row(message(), width: 100, outgoing: true).contains("To: Ann Example"))
        #expect(formatter.row(message(to: "bob@example.test"), width: 100, outgoing: true).contains("To: bob@example"))
        #expect(formatter.row(message(), width: 100).contains("Me "), "other mail shows its sender")
    }

    @Test func oldMailKeepsItsYearWhenNarrow() {
        #expect(formatter.row(message(date: 1_795_000_000), width: 50).contains("Nov 18"), "this year: month and day")
        #expect(formatter.row(message(date: 1_730_000_000), width: 50).contains("2024-10"), "an older year shows")
        #expect(formatter.row(message(date: 1_730_000_000), width: 100).contains("2024-10-27"))
    }

    @Test func unreadAndAnsweredBothShow() {
        #expect(IndexRowFormatter.flags(message(flags: ["\\Answered"])) == "Nr    ")
        #expect(IndexRowFormatter.flags(message(flags: ["\\Seen", "\\Answered", "\\Flagged"])) == " r!   ")
    }

    @Test func signedAndEncryptedHaveTheirOwnLetters() {
        var signed = message(flags: ["\\Seen", "\\Deleted"])
        signed.cryptoMark = .signed
        #expect(IndexRowFormatter.flags(signed) == "    SD")
        var encrypted = message(flags: ["\\Seen"])
        encrypted.cryptoMark = .encrypted
        encrypted.hasAttachment = true
        #expect(IndexRowFormatter.flags(encrypted) == "   @E ")
    }

    @Test func theSentFolderOfTheDemoShowsRecipients() throws {
        let fixture = try DemoFixture(messages: 200)
        let (app, screen) = try fixture.app(columns: 120)
        try app.open(folderNamed: "Sent")
        app.draw()
        let rows = screen.render().split(separator: "\n").filter { $0.contains("│") && $0.contains("2026-") }
        #expect(!rows.isEmpty && rows.allSatisfy { $0.contains("To: ") }, "\(rows)")
    }

    /// The end is read ahead once per load, and jumping there then reads nothing more;
    /// the chunk in use is kept.
    @Test func theEndIsReadAheadOnce() throws {
        let fixture = try DemoFixture(messages: 900)
        let inbox = try fixture.store.folder(named: "INBOX")
        var window = IndexWindow(query: MessageQuery(folderId: inbox.id))
        try window.load(from: fixture.store)
        _ = try window.record(at: 0, store: fixture.store)
        #expect(window.cachedCount == window.chunkSizeForTests)
        try window.readEndAhead(store: fixture.store)
        #expect(window.cachedCount == window.chunkSizeForTests * 2)
        let last = try fixture.store.messageWindow(MessageQuery(folderId: inbox.id), offset: window.total - 1, limit: 1)
        #expect(try window.record(at: window.total - 1, store: fixture.store)?.id == last.first?.id)
        #expect(window.cachedCount == window.chunkSizeForTests * 2, "the end was held already")
        try window.readEndAhead(store: fixture.store)
        #expect(window.cachedCount == window.chunkSizeForTests * 2, "once per load")
        _ = try window.record(at: 0, store: fixture.store)
        #expect(window.cachedCount == window.chunkSizeForTests * 2, "the top was kept")
    }
}

/// A search shows its first screen before it is counted: the first rows are those of
/// the full listing, the total is a lower bound until counted, and a move to the end
/// counts first. A text search runs its full-text match once for both.
@Suite struct SearchWindowTests {
    /// Every message of every folder dated before a far future day: no text, not
    /// answered by the kept folder counts, so counted only when asked.
    static let everythingBefore = MessageQuery(folderId: nil, before: Date(timeIntervalSince1970: 4_000_000_000))

    @Test func theFirstRowsComeBeforeTheCount() throws {
        let fixture = try DemoFixture(messages: 900)
        let everything = try fixture.store.messageWindow(Self.everythingBefore, offset: 0, limit: 100_000)
        #expect(everything.count > 600)
        var window = IndexWindow(query: Self.everythingBefore)
        try window.load(from: fixture.store)
        #expect(!window.isCounted && window.total == window.chunkSizeForTests + 1)
        #expect(window.totalText == "more than \(window.chunkSizeForTests)")
        for position in [0, 1, 57, window.chunkSizeForTests] {
            #expect(try window.record(at: position, store: fixture.store)?.id == everything[position].id)
        }
        // The end of the rows known is not read ahead (there may be more).
        try window.readEndAhead(store: fixture.store)
        #expect(window.cachedCount == window.chunkSizeForTests + 1)
        // A move to the last row known reads on, without counting: the rows around it and one more.
        let chunk = window.chunkSizeForTests
        try window.reach(window.total - 1, store: fixture.store)
        #expect(!window.isCounted && window.total == chunk + chunk / 2 + 1)
        #expect(window.totalText == "more than \(chunk + chunk / 2)")
        for position in [chunk - 1, chunk, chunk + 1, chunk + chunk / 2] {
            #expect(try window.record(at: position, store: fixture.store)?.id == everything[position].id)
        }
        // Moving on reaches the end, and the rows there are the count.
        var moves = 0
        while !window.isCounted && moves < 10 {
            try window.reach(window.total - 1, store: fixture.store)
            moves += 1
        }
        #expect(moves >= 2, "a page at a time")
        #expect(window.isCounted && window.total == everything.count && window.totalText == "\(everything.count)")
        for position in stride(from: window.total - 1, through: 0, by: -41) {
            #expect(try window.record(at: position, store: fixture.store)?.id == everything[position].id)
        }
    }

    @Test func aSearchWithFewMatchesOrKeptCountsIsCountedAtOnce() throws {
        let fixture = try DemoFixture(messages: 900)
        // Every folder's messages: more than a chunk, which the kept counts answer.
        var all = IndexWindow(query: MessageQuery(folderId: nil))
        try all.load(from: fixture.store)
        let listed = try fixture.store.messageWindow(MessageQuery(folderId: nil), offset: 0, limit: 100_000)
        #expect(listed.count > all.chunkSizeForTests, "more than a chunk, so the kept counts answered")
        #expect(all.isCounted && all.total == listed.count)
        var unread = IndexWindow(query: MessageQuery(folderId: nil, unreadOnly: true))
        try unread.load(from: fixture.store)
        #expect(unread.isCounted && unread.total == listed.filter { !$0.flags.contains("\\Seen") }.count)
        var recent = IndexWindow(query: MessageQuery(folderId: nil, after: listed[10].date!))
        try recent.load(from: fixture.store)
        #expect(recent.isCounted && recent.total <= recent.chunkSizeForTests && recent.total >= 10)
    }

    @Test func threadsAskedForInASearchKeepThePlace() throws {
        let fixture = try DemoFixture(messages: 900)
        let query = try SearchQuery("from:example", folderId: nil).query
        var window = IndexWindow(query: query)
        try window.load(from: fixture.store)
        try window.count(store: fixture.store)
        let total = window.total
        window.select(total - 3, height: 20)
        let selectedId = try window.record(at: window.selected, store: fixture.store)?.id
        // Search results stay a flat list: asking for threads (or no threads) changes nothing.
        for on in [true, false] {
            try window.setThreaded(on, store: fixture.store)
            #expect(!window.isThreaded && window.isCounted && window.total == total && window.selected == total - 3)
            #expect(try window.record(at: window.selected, store: fixture.store)?.id == selectedId)
        }
    }

    @Test func aTextSearchMatchesItsTextOnce() throws {
        let fixture = try DemoFixture(messages: 900)
        let query = try SearchQuery("from:example", folderId: nil).query
        let everything = try fixture.store.messageWindow(query, offset: 0, limit: 100_000)
        #expect(everything.count > 2 * 200, "more than two chunks")
        var window = IndexWindow(query: query)
        try window.load(from: fixture.store)
        // What the index found is kept with the query; the windows and the count read it.
        let found = try #require(window.query.textMatches)
        #expect(found.count >= everything.count)
        #expect(!window.isCounted)
        try window.count(store: fixture.store)
        #expect(window.isCounted && window.total == everything.count)
        for position in stride(from: 0, to: window.total, by: 29) {
            #expect(try window.record(at: position, store: fixture.store)?.id == everything[position].id)
        }
        #expect(try window.record(at: window.total - 1, store: fixture.store)?.id == everything.last?.id)
    }
}
