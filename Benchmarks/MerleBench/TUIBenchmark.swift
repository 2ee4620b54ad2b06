import Foundation
import MailStore
import MailUI
import MerleConfig
import SyncEngine
import Terminal

/// Times the reader's hot paths against a real store on the in-memory screen, for
/// `Benchmarks/run-tui` (`merle-bench tui-run`). Reads only; `tui-seed` fills the store.
enum TUIBenchmark {
    /// One measured step.
    struct Figure: Sendable {
        var name: String
        var milliseconds: Double
    }

    /// Opens the first folder and draws, scrolls a page, jumps to the end, opens a message
    /// and runs a search, each followed by a full redraw, as a user would see it.
    static func run(store: MailStore, searchText: String, columns: Int = 120, rows: Int = 40) throws -> [Figure] {
        let screen = TextGridScreen(rows: rows, columns: columns)
        var figures: [Figure] = []
        func time(_ name: String, _ body: () throws -> Void) rethrows {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
            figures.append(Figure(name: name, milliseconds: elapsed))
        }
        var app: MailApp?
        try time("open the folder and draw the first screen") {
            let opened = try MailApp(store: store, screen: screen)
            opened.draw()
            app = opened
        }
        guard let app else { return figures }
        time("scroll one page (first)") {
            app.handle(.pageDown)
            app.draw()
        }
        let pages = 50
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<pages {
            app.handle(.pageDown)
            app.draw()
        }
        figures.append(Figure(name: "scroll one page (mean of \(pages))",
                              milliseconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000 / Double(pages)))
        time("jump to the end") {
            app.handle(.character("G"))
            app.draw()
        }
        time("scroll one page up from the end") {
            app.handle(.pageUp)
            app.draw()
        }
        time("open a message") {
            app.handle(.enter)
            app.draw()
        }
        app.handle(.character("q"))
        app.handle(.character("g"))
        app.handle(.character("/"))
        for character in searchText { app.handle(.character(character)) }
        time("search \"\(searchText)\" and draw the results") {
            app.handle(.enter)
            app.draw()
        }
        if let error = app.lastError { throw SearchQueryError("search failed: \(error)") }
        if !app.index.isCounted {
            time("  then, idle: count the results and draw again") {
                if app.readAhead() { app.draw() }
            }
        }
        figures.append(Figure(name: "search results: \(app.index.total) messages", milliseconds: 0))
        figures.append(Figure(name: "index rows held in memory: \(app.index.cachedCount)", milliseconds: 0))
        app.handle(.escape)
        // A broad hit (an eighth of the folder) and a miss, each with its idle count.
        for (label, text) in [("broad hit", "subject:invoice"), ("miss", "zebra")] {
            app.handle(.character("/"))
            for character in text { app.handle(.character(character)) }
            time("search \"\(text)\" (\(label)) and draw") {
                app.handle(.enter)
                app.draw()
            }
            if !app.index.isCounted {
                time("  then, idle: count the \(label) and draw again") {
                    if app.readAhead() { app.draw() }
                }
            }
            figures.append(Figure(name: "\(label): \(app.index.total) messages", milliseconds: 0))
            app.handle(.escape)
        }
        if let folderId = app.index.query.folderId {
            try time("  of which: read the thread list (ids and counts)") {
                _ = try ThreadList(store: store, folderId: folderId)
            }
        }
        time("turn threads on (V) and draw") {
            app.handle(.character("V"))
            app.draw()
        }
        time("scroll one page in threads") {
            app.handle(.pageDown)
            app.draw()
        }
        time("jump to the end in threads") {
            app.handle(.character("G"))
            app.draw()
        }
        time("collapse the selected thread (-) and draw") {
            app.handle(.character("-"))
            app.draw()
        }
        // Saved searches (issue 22): counted for the sidebar (again after each change of
        // counts), then one opened from the sidebar like a folder.
        time("count 2 saved searches for the sidebar") {
            app.savedSearches = [SavedSearch(name: "Unread", query: "is:unread"), SavedSearch(name: "Planning", query: "subject:quarterly")]
        }
        time("count 3 saved searches (and in:inbox) for the sidebar") {
            app.savedSearches = [SavedSearch(name: "Unread", query: "is:unread"), SavedSearch(name: "Planning", query: "subject:quarterly"),
                                 SavedSearch(name: "Inboxes", query: "in:inbox")]
        }
        time("open the saved search is:unread, draw the first screen") {
            app.handle(.tab)
            app.handle(.character("g"))
            app.handle(.enter)
            app.draw()
        }
        if !app.index.isCounted {
            time("  then, idle: count it and draw again") {
                if app.readAhead() { app.draw() }
            }
        }
        figures.append(Figure(name: "saved search is:unread: \(app.index.total) messages", milliseconds: 0))
        time("open the saved search in:inbox, draw the first screen") {
            app.handle(.tab)
            app.handle(.character("j"))
            app.handle(.character("j"))
            app.handle(.enter)
            app.draw()
        }
        if !app.index.isCounted {
            time("  then, idle: count it and draw again") {
                if app.readAhead() { app.draw() }
            }
        }
        figures.append(Figure(name: "saved search in:inbox: \(app.index.total) messages", milliseconds: 0))
        time("open the folder again from the sidebar, draw") {
            app.handle(.tab)
            app.handle(.character("j"))
            app.handle(.character("j"))
            app.handle(.character("j"))
            app.handle(.enter)
            app.draw()
        }
        // A flag changes (the engine's event) while the saved searches are listed: what
        // the reader does on the event, and the recount put off to the next tick.
        if let folderId = app.index.query.folderId, let first = try store.messageWindow(app.index.query, offset: 0, limit: 1).first?.id {
            time("a flag change with 3 saved searches listed, draw") {
                app.handle(.flagsChanged(folderId: folderId, messageIds: [first]))
                app.draw()
            }
            time("  then their recount (the reader's: on another thread)") {
                if app.tick(now: Date().addingTimeInterval(5)) { app.draw() }
            }
        }
        return figures
    }
}

extension TUIBenchmark {
    /// Many small realistic messages in one INBOX, in one transaction: quick to make.
    /// Two of every three answer the one before, so the folder has threads of three.
    static func seed(dataDirectory: String, messages: Int) throws {
        let store = try MailStore(path: MailStore.defaultPath(dataDirectory: dataDirectory))
        let account = try store.ensureAccount(name: "bench", kind: .local, email: "me@bench.test")
        let folder = try store.ensureFolder(accountId: account.id!, name: "INBOX")
        let names = [("Ada Lovelace", "ada@analytical.example"), ("Grace Hopper", "grace@navy.example"),
                     ("山田 太郎", "taro@example.jp"), ("Zoë Ñúñez", "zoe@example.es"), ("Ken Thompson", "ken@bell.example")]
        let subjects = ["Quarterly planning", "Build is red again", "会議の議事録", "Lunch on Friday?", "Invoice #%d",
                        "Re: Server migration window", "Trip photos 📷", "Release notes draft"]
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let local = (0..<messages).map { number -> MailStore.LocalMessage in
            let (name, address) = names[number % names.count]
            let subject = String(format: subjects[(number / 3) % subjects.count], number)
            let date = start.addingTimeInterval(Double(number) * 600)
            let body = "Hello,\r\n\r\nMessage number \(number) about \(subject.lowercased()).\r\n\r\n-- \r\n\(name)\r\n"
            let raw = "From: \(name) <\(address)>\r\nTo: me@bench.test\r\nSubject: \(subject)\r\n" +
                "Date: \(date)\r\nMessage-ID: <\(number)@bench.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body
            let parents = (max(number - number % 3, number - 2)..<number).map { "<\($0)@bench.test>" }
            let record = MessageRecord(folderId: folder.id!, uid: Int64(number + 1), flags: number % 7 == 0 ? [] : ["\\Seen"],
                                       internalDate: date, date: date, size: Int64(raw.utf8.count),
                                       headerMessageId: "<\(number)@bench.test>", inReplyTo: parents.last,
                                       referencesHeader: parents.isEmpty ? nil : parents.joined(separator: " "),
                                       subject: subject, fromName: name, fromAddress: address, toAddresses: "me@bench.test",
                                       bodyState: .full)
            return MailStore.LocalMessage(record: record, raw: Data(raw.utf8), searchBody: body)
        }
        try store.insertLocalMessages(local)
        print("seeded \(messages) messages")
    }

    /// Prints the figures of `run` and the process's peak RSS.
    static func report(dataDirectory: String) throws {
        let store = try MailStore(path: MailStore.defaultPath(dataDirectory: dataDirectory))
        // MERLE_TUI_SEARCH: another search to time in place of the usual one.
        let searchText = ProcessInfo.processInfo.environment["MERLE_TUI_SEARCH"] ?? "subject:quarterly from:ada"
        for figure in try run(store: store, searchText: searchText) {
            if figure.milliseconds > 0 {
                print("  " + figure.name.padding(toLength: 58, withPad: " ", startingAt: 0) + String(format: "%9.2f ms", figure.milliseconds))
            } else {
                print("  " + figure.name)
            }
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print("  " + "peak RSS".padding(toLength: 58, withPad: " ", startingAt: 0) + String(format: "%9.1f MB", Double(usage.ru_maxrss) / 1024))
    }
}
