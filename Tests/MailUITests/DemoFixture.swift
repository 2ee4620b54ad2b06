import Foundation
import MailStore
import MailUI
import SyncEngine
import Terminal
import TestSupport
import Testing

/// A small deterministic demo store in a scratch store.
final class DemoFixture {
    let scratch: ScratchStore
    var store: MailStore { scratch.store }

    init(messages: Int = 60) throws {
        scratch = try ScratchStore()
        try DemoMailbox.seed(scratch.store, messageCount: messages)
    }

    /// A started engine without accounts (the demo store is local: actions apply without
    /// a server), wired to `app`; its events wait in the returned inbox. Stop it after.
    func engine(for app: MailApp) -> (MailEngine, EventInbox) {
        let inbox = EventInbox()
        let engine = MailEngine(store: store, accounts: []) { inbox.post($0) }
        app.sendCommand = { engine.send($0) }
        engine.start()
        return (engine, inbox)
    }

    /// Stores a message (CRLF text) in a folder of the demo account, newest of all, and
    /// returns its id.
    @discardableResult
    func add(_ raw: String, subject: String, from: String = "ann@example.test", folder name: String = "INBOX") throws -> Int64 {
        let folder = try store.folder(named: name)
        let date = Date(timeIntervalSince1970: 1_900_000_000)
        let record = MessageRecord(folderId: folder.id!, flags: [], internalDate: date, date: date, size: Int64(raw.utf8.count),
                                   subject: subject, fromName: "", fromAddress: from, bodyState: .full)
        try store.insertLocalMessages([MailStore.LocalMessage(record: record, raw: Data(raw.utf8), searchBody: raw)])
        return try #require(try store.messages(inFolder: folder.id!, limit: 1).first?.id)
    }

    /// An app on an in-memory screen, in UTC so dates do not depend on the machine.
    func app(columns: Int, rows: Int = 24) throws -> (MailApp, TextGridScreen) {
        let screen = TextGridScreen(rows: rows, columns: columns)
        // A fixed today, so narrow dates do not change with the year the tests run in.
        let app = try MailApp(store: store, screen: screen, theme: .builtInDefault, timeZone: TimeZone(identifier: "UTC")!,
                              today: Date(timeIntervalSince1970: 1_796_000_000))
        return (app, screen)
    }
}

extension MailApp {
    /// Presses keys one by one, as a user would.
    func press(_ keys: Key...) {
        for key in keys { handle(key) }
    }

    /// Types text into whatever has the keys.
    func type(_ text: String) {
        for character in text { handle(.character(character)) }
    }
}
