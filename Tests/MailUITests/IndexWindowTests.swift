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
            #expect(window.cachedCount <= window.chunkSizeForTests)
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
        let plan = try fixture.store.database.read { db in
            try String.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT id FROM message WHERE folder_id = ? ORDER BY \(key.expression) DESC, id DESC LIMIT 10", arguments: [inbox.id])
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
