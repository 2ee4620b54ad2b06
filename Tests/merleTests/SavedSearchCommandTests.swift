import Foundation
import TestSupport
import Testing

/// `merle list --search NAME`: a saved search listed like a folder, across the store.
@Suite struct SavedSearchCommandTests {
    @Test func aSavedSearchListsWhatItsQueryFindsAsListAndSearchDo() throws {
        let folder = try TemporaryFolder()
        _ = try MerleProcess.run(["demo", "--data-dir", folder.path, "--messages", "60"])
        let config = try folder.write("config.toml", """
            [[account]]
            name = "demo"
            email = "you@demo.merle.test"

            [account.imap]
            host = "127.0.0.1"
            port = 1
            tls = "implicit"
            user = "you"
            password_command = "echo x"

            [[search]]
            name = "Unread"
            query = "is:unread"
            """)
        let data = folder.path + "/demo"
        let listed = try MerleProcess.run(["list", "--search", "unread", "--config", config, "--data-dir", data, "--json", "--limit", "500"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let searched = try MerleProcess.run(["search", "is:unread", "--data-dir", data, "--json", "--limit", "500"])
        #expect(!listed.output.isEmpty && listed.output == searched.output, "the same rows as merle search")
        #expect(listed.output.contains("\"folder\""), "rows name their folder")

        let unknown = try MerleProcess.run(["list", "--search", "Nope", "--config", config, "--data-dir", data])
        #expect(unknown.status == 1 && unknown.stderr.contains("no saved search \"Nope\"") && unknown.stderr.contains("\"Unread\""), "\(unknown.stderr)")
        let both = try MerleProcess.run(["list", "INBOX", "--search", "Unread", "--config", config, "--data-dir", data])
        #expect(both.status != 0 && both.stderr.contains("not both"), "\(both.stderr)")
        let check = try MerleProcess.run(["config", "check", "--config", config])
        #expect(!check.output.contains("saved search"), "a readable query is no problem: \(check.output)")
        let badConfig = try folder.write("bad.toml", (try String(contentsOfFile: config, encoding: .utf8))
            .replacingOccurrences(of: "query = \"is:unread\"", with: "query = \"is:sleepy\""))
        let bad = try MerleProcess.run(["config", "check", "--config", badConfig])
        #expect(bad.status == 1 && (bad.output + bad.stderr).contains("the saved search \"Unread\" cannot be read: unknown is:sleepy"),
                "\(bad.output) \(bad.stderr)")
        let plain = try MerleProcess.run(["list", "INBOX", "--data-dir", data, "--limit", "3"])
        #expect(plain.status == 0 && plain.output.split(separator: "\n").count == 3, "a folder is listed as before")
    }
}
