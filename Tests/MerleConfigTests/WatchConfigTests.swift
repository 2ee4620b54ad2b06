import Testing
@testable import MerleConfig

/// `watch = [...]` in `[account.imap]`: the folders watched with IDLE.
@Suite struct WatchConfigTests {
    static let base = """
        [[account]]
        name = "m"
        email = "m@example.test"
        [account.imap]
        host = "imap.example.test"
        user = "m"
        """

    func parse(_ watchLine: String) throws -> AccountConfiguration {
        try #require(try ConfigLoader.parse(Self.base + "\n" + watchLine + "\n").accounts.first)
    }

    @Test func inboxByDefaultAndTheListAsWritten() throws {
        #expect(try parse("").watchFolders == ["INBOX"])
        #expect(try parse(#"watch = ["inbox", "Lists/swift", "Projekte/Größe"]"#).watchFolders == ["INBOX", "Lists/swift", "Projekte/Größe"],
                "INBOX in any case becomes INBOX; other names stay as written")
        #expect(try parse("watch = []").watchFolders == [], "an empty list watches nothing")
    }

    /// Each bad value and words its message must contain; every error points at line 7.
    static let invalid: [(String, [String])] = [
        (#"watch = "INBOX""#, ["must be a list of folder names", #"watch = ["INBOX""#]),
        ("watch = [1, 2]", ["only folder names in quotes"]),
        (#"watch = ["INBOX", ""]"#, ["empty folder name"]),
        (#"watch = ["a\u0007b"]"#, ["control characters"]),
        (#"watch = ["INBOX", "Inbox"]"#, ["names INBOX twice"]),
        (#"watch = ["a", "b", "c", "d", "e", "f"]"#, ["lists 6 folders; at most 5", "own connection"]),
    ]

    @Test(arguments: 0..<invalid.count)
    func badListsSayWhatToWrite(_ index: Int) {
        let (line, words) = Self.invalid[index]
        do {
            _ = try parse(line)
            Issue.record("\(line) was accepted")
        } catch let error as ConfigError {
            #expect(error.line == 7, "\(line): \(error)")
            for word in words { #expect(error.description.contains(word), "\(line): \(error)") }
        } catch {
            Issue.record("\(line): unexpected \(error)")
        }
    }

    @Test func pop3AccountsHaveNoWatch() {
        let pop3 = Self.base.replacingOccurrences(of: "[account.imap]", with: "[account.pop3]") + "\nwatch = [\"INBOX\"]\n"
        #expect { _ = try ConfigLoader.parse(pop3) } throws: { "\($0)".contains("unknown key `watch`") }
    }
}
