import Foundation
import Testing

/// `merle list --json` and `merle search --json` rows carry where the message is and who
/// it went to (DESIGN.md's contract): `folder`, `account`, `to`, `cc`, `has_attachment`.
@Suite struct MessageJSONTests {
    @Test func listAndSearchRowsSayWhereAndToWhom() throws {
        let folder = try TemporaryFolder()
        let config = try TestConfig.unreachable(in: folder)
        let data = folder.path + "/data"
        let token = "json\(UUID().uuidString.prefix(8))"
        // A draft is a message in the store made without a server.
        let draft = try MerleProcess.run(["compose", "--config", config, "--data-dir", data, "--draft",
                                          "--to", "Ann Example <ann@example.test>, bob@example.test", "--cc", "\"Doe, Cy\" <cy@example.test>",
                                          "--subject", "report \(token)", "--attach", try folder.write("notes.txt", "notes\n"),
                                          "--body-file", try folder.write("b.txt", "Hello.\n")])
        #expect(draft.status == 0, "\(draft.stderr)")

        let list = try MerleProcess.run(["list", "Drafts", "--data-dir", data, "--json"]).jsonRows()
        let search = try MerleProcess.run(["search", token, "--data-dir", data, "--json"]).jsonRows()
        for (command, found) in [("list", list), ("search", search)] {
            let row = try #require(found.first, "\(command) found nothing")
            #expect(row["folder"] as? String == "Drafts", "\(command): \(row)")
            #expect(row["account"] as? String == "work", "\(command): \(row)")
            #expect(row["to"] as? [String] == ["Ann Example <ann@example.test>", "bob@example.test"], "\(command): \(row)")
            // A comma inside a name stays in the name, quoted as RFC 5322 writes it, so the
            // value parses back as one address.
            #expect(row["cc"] as? [String] == ["\"Doe, Cy\" <cy@example.test>"], "\(command): \(row)")
            #expect(row["has_attachment"] as? Bool == true, "\(command): \(row)")
            #expect(row["subject"] as? String == "report \(token)")
        }

        // Without an attachment or copies: false and empty lists, never missing keys.
        let demo = try MerleProcess.run(["demo", "--data-dir", folder.path, "--messages", "30"])
        #expect(demo.status == 0)
        let inbox = try MerleProcess.run(["list", "INBOX", "--data-dir", folder.path + "/demo", "--json"]).jsonRows()
        #expect(!inbox.isEmpty)
        for row in inbox {
            #expect(row["folder"] as? String == "INBOX")
            #expect(row["account"] as? String == "demo")
            #expect(row["cc"] as? [String] != nil && row["to"] as? [String] != nil && row["has_attachment"] as? Bool != nil, "\(row)")
        }
        #expect(inbox.contains { $0["has_attachment"] as? Bool == true } && inbox.contains { $0["has_attachment"] as? Bool == false })
    }
}
