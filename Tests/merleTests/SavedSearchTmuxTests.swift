import Foundation
import TestSupport
import Testing

/// Saved searches in the reader, in a real terminal: listed in the sidebar with their
/// counts, opened with Enter, and `:save-search` adding one to the config.
@Suite struct SavedSearchTmuxTests {
    @Test func theSidebarListsOpensAndSavesSearches() throws {
        let folder = try TemporaryFolder()
        _ = try MerleProcess.run(["demo", "--data-dir", folder.path, "--messages", "60"])
        let config = try ComposePathTests.demoConfig(in: folder, general: "")
        try (try String(contentsOfFile: config, encoding: .utf8) + "\n[[search]]\nname = \"Flagged\"\nquery = \"is:flagged\"\n")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let data = folder.path + "/demo"
        let flagged = try MerleProcess.run(["list", "--search", "Flagged", "--config", config, "--data-dir", data, "--limit", "500"])
        let count = flagged.output.split(separator: "\n").count
        #expect(count > 0, "the demo has flagged mail")

        let tmux = try TUITmuxTests.TmuxSession(columns: 140, rows: 30)
        defer { tmux.close() }
        try tmux.type("\(MerleProcess.binary.path) --config \(config) --data-dir \(data) --offline")
        try tmux.send("Enter")
        let start = try tmux.waitFor("the sidebar") { $0.contains("Searches") && $0.contains("Flagged") }
        #expect(start.contains("-- demo/INBOX"), "a folder opens first: \(start)")
        // The folder list: g goes to its first row, the saved search.
        try tmux.send("Tab")
        try tmux.send("g")
        try tmux.send("Enter")
        try tmux.waitFor("the saved search") { $0.contains("-- search Flagged  [\(count) messages, every account]") }

        try tmux.send("Escape")
        try tmux.waitFor("the folder again") { $0.contains("-- demo/INBOX") }
        try tmux.send("/")
        try tmux.type("is:unread")
        try tmux.send("Enter")
        try tmux.waitFor("the search") { $0.contains("search: is:unread") }
        try tmux.send(":")
        try tmux.type("save-search Unread mail")
        try tmux.send("Enter")
        try tmux.waitFor("the saved search in the sidebar") { $0.contains("Saved the search as \"Unread mail\"") && $0.contains("Unread mail") }
        let saved = try String(contentsOfFile: config, encoding: .utf8)
        #expect(saved.contains("[[search]]\nname = \"Unread mail\"\nquery = \"is:unread\""), "\(saved)")
        try tmux.send("q")
    }
}
