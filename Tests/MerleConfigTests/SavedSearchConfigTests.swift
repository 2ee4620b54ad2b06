import Foundation
import Testing
@testable import MerleConfig

/// `[[search]]`: saved searches, a name and a query each.
@Suite struct SavedSearchConfigTests {
    /// The smallest IMAP account (the watch tests' own).
    static let account = WatchConfigTests.base

    @Test func entriesAreReadInOrderAndFoundByNameInAnyCase() throws {
        let configuration = try ConfigLoader.parse(Self.account + """

            [[search]]
            name = "Unread from Ada"
            query = "from:ada is:unread"
            [[search]]
            name = "Invoices"
            query = "subject:invoice after:2026-01-01"
            """)
        #expect(configuration.searches == [SavedSearch(name: "Unread from Ada", query: "from:ada is:unread"),
                                           SavedSearch(name: "Invoices", query: "subject:invoice after:2026-01-01")])
        #expect(configuration.search(named: "invoices")?.query == "subject:invoice after:2026-01-01")
        #expect(try ConfigLoader.parse(Self.account).searches.isEmpty)
    }

    @Test func mistakesSayWhatToWrite() {
        let cases: [(String, String)] = [
            ("[[search]]\nquery = \"x\"", "has no `name`"),
            ("[[search]]\nname = \"A\"", "has no `query`"),
            ("[[search]]\nname = \"A\"\nquery = \"  \"", "empty query"),
            ("[[search]]\nname = \"\"\nquery = \"x\"", "empty or holds control characters"),
            ("[[search]]\nname = \"A\"\nquery = \"x\"\n[[search]]\nname = \"a\"\nquery = \"y\"", "a second saved search"),
            ("[[search]]\nname = \"A\"\nquery = \"x\"\nfolder = \"INBOX\"", "unknown key `folder`"),
        ]
        for (text, words) in cases {
            do {
                _ = try ConfigLoader.parse(Self.account + "\n" + text + "\n")
                Issue.record("accepted: \(text)")
            } catch {
                #expect("\(error)".contains(words), "\(text): \(error)")
            }
        }
        #expect(throws: ConfigError.self, "a top-level search = \"x\" is not a [[search]] table") {
            try ConfigLoader.parse("search = \"x\"\n" + Self.account)
        }
    }
}

extension SavedSearchConfigTests {
    @Test func aSearchIsAddedToTheFileAndAFileThatWouldNotLoadIsPutBack() throws {
        let path = NSTemporaryDirectory() + "merle-save-search-\(UUID().uuidString).toml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let original = "# mine\n" + Self.account
        try original.write(toFile: path, atomically: true, encoding: .utf8)
        let saved = try ConfigLoader.appendSearch(SavedSearch(name: "Ada \"the\" first", query: #"from:ada subject:"a \ b""#), toFile: path)
        #expect(saved.searches == [SavedSearch(name: "Ada \"the\" first", query: #"from:ada subject:"a \ b""#)], "quotes survive the round trip")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix(original), "the user's text is kept as written")
        #expect(throws: ConfigError.self, "a name taken in any case") {
            try ConfigLoader.appendSearch(SavedSearch(name: "ADA \"THE\" FIRST", query: "x"), toFile: path)
        }
        #expect(throws: ConfigError.self, "an empty query would not load") {
            try ConfigLoader.appendSearch(SavedSearch(name: "Empty", query: " "), toFile: path)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text, "put back as it was")
    }
}
