import Foundation
import MailStore
import Terminal

/// Times the UI's hot paths against a real store on the in-memory screen, for
/// `Benchmarks/run-tui`. Reads only; the caller seeds the store.
public enum TUIBenchmark {
    /// One measured step.
    public struct Figure: Sendable {
        public var name: String
        public var milliseconds: Double
    }

    /// Opens the first folder and draws, scrolls a page, jumps to the end, opens a message
    /// and runs a search, each followed by a full redraw, as a user would see it.
    public static func run(store: MailStore, searchText: String, columns: Int = 120, rows: Int = 40) throws -> [Figure] {
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
        figures.append(Figure(name: "search results: \(app.index.total) messages", milliseconds: 0))
        figures.append(Figure(name: "index rows held in memory: \(app.index.cachedCount)", milliseconds: 0))
        app.handle(.escape)
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
        return figures
    }
}
