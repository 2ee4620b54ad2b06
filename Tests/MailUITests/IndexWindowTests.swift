import Foundation
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
