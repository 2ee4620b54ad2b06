import Foundation
import Testing

/// `merle list --json` and `merle search --json` rows carry where the message is and who
/// it went to (DESIGN.md's contract): `folder`, `account`, `to`, `cc`, `has_attachment`.
@Suite struct MessageJSONTests {
    func rows(_ result: MerleProcess.Result) throws -> [[String: Any]] {
        try result.output.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func listAndSearchRowsSayWhereAndToWhom() throws {
        let folder = try TemporaryFolder()
        let config = try folder.write("config.toml", """
            [[account]]
            name = "work"
            email = "me@example.test"
            [account.imap]
            host = "127.0.0.1"
            port = 1
            user = "me"
            """)
        let data = folder.path + "/data"
        let token = "json\(UUID().uuidString.prefix(8))"
        // A draft is a message in the store made without a server.
        let draft = try MerleProcess.run(["compose", "--config", config, "--data-dir", data, "--draft",
                                          "--to", "Ann Example <ann@example.test>, bob@example.test", "--cc", "\"Doe, Cy\" <cy@example.test>",
                                          "--subject", "report \(token)", "--attach", try folder.write("notes.txt", "notes\n"),
                                          "--body-file", try folder.write("b.txt", "Hello.\n")])
        #expect(draft.status == 0, "\(draft.stderr)")

        let list = try rows(try MerleProcess.run(["list", "Drafts", "--data-dir", data, "--json"]))
        let search = try rows(try MerleProcess.run(["search", token, "--data-dir", data, "--json"]))
        for (command, found) in [("list", list), ("search", search)] {
            let row = try #require(found.first, "\(command) found nothing")
            #expect(row["folder"] as? String == "Drafts", "\(command): \(row)")
            #expect(row["account"] as? String == "work", "\(command): \(row)")
            #expect(row["to"] as? [String] == ["Ann Example <ann@example.test>", "bob@example.test"], "\(command): \(row)")
            // A comma inside a name stays in the name.
            #expect(row["cc"] as? [String] == ["Doe, Cy <cy@example.test>"], "\(command): \(row)")
            #expect(row["has_attachment"] as? Bool == true, "\(command): \(row)")
            #expect(row["subject"] as? String == "report \(token)")
        }

        // Without an attachment or copies: false and empty lists, never missing keys.
        let demo = try MerleProcess.run(["demo", "--data-dir", folder.path, "--messages", "30"])
        #expect(demo.status == 0)
        let inbox = try rows(try MerleProcess.run(["list", "INBOX", "--data-dir", folder.path + "/demo", "--json"]))
        #expect(!inbox.isEmpty)
        for row in inbox {
            #expect(row["folder"] as? String == "INBOX")
            #expect(row["account"] as? String == "demo")
            #expect(row["cc"] as? [String] != nil && row["to"] as? [String] != nil && row["has_attachment"] as? Bool != nil, "\(row)")
        }
        #expect(inbox.contains { $0["has_attachment"] as? Bool == true } && inbox.contains { $0["has_attachment"] as? Bool == false })
    }
}
