import Foundation
import Testing
@testable import MerleConfig

/// merle-config(5) is written by hand: this keeps it from falling behind the loader.
@Suite struct ConfigManualTests {
    static let page = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // MerleConfigTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the repository
        .appendingPathComponent("docs/man/merle-config.5")

    @Test func everyKeyTheLoaderAcceptsIsDescribed() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        let tables = ["imap", "pop3", "smtp"]
        let keys = ConfigLoader.generalKeys + ConfigLoader.accountKeys.filter { !tables.contains($0) } + ConfigLoader.serverKeys
            + ConfigLoader.imapKeys + ConfigLoader.smtpKeys + POP3Policy.keys + ConfigLoader.identityKeys
        #expect(keys.count > 20)
        for key in keys {
            #expect(text.contains("\n.It Cm \(key)\n"), "merle-config(5) does not describe the key \(key)")
        }
        for table in ["[general]", "[[account]]", "[[account.identity]]", "[account.imap]", "[account.pop3]", "[account.smtp]", "[keys.index]",
                      "[keys.pager]", "[keys.sidebar]", "[keys.help]"] {
            #expect(text.contains(".Ic \(table)"), "merle-config(5) does not name the table \(table)")
        }
    }

    /// The example in the page is a configuration the loader accepts as it stands.
    @Test func theExampleLoads() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        let start = try #require(text.range(of: ".Bd -literal -offset indent\n"))
        let end = try #require(text.range(of: "\n.Ed", range: start.upperBound..<text.endIndex))
        let configuration = try ConfigLoader.parse(String(text[start.upperBound..<end.lowerBound]))
        #expect(configuration.accounts.map(\.name) == ["work"])
        #expect(configuration.keys["index"]?["x"] == "delete")
    }
}
