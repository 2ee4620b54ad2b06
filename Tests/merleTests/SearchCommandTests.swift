import Foundation
import Testing

/// `merle search` on the demo store: the reader's query language from the command line.
@Suite struct SearchCommandTests {
    @Test func findsAcrossFoldersAndLimitsAndSpeaksJSON() throws {
        let folder = try TemporaryFolder()
        _ = try MerleProcess.run(["demo", "--data-dir", folder.path, "--messages", "200"])
        let store = folder.path + "/demo"
        let list = try MerleProcess.run(["list", "INBOX", "--data-dir", store, "--limit", "1", "--json"])
        let first = try #require(try JSONSerialization.jsonObject(with: Data(list.output.split(separator: "\n")[0].utf8)) as? [String: Any])
        let subject = try #require(first["subject"] as? String)
        let word = try #require(subject.split(separator: " ").first { $0.count >= 4 && $0.allSatisfy(\.isLetter) }.map(String.init))

        let found = try MerleProcess.run(["search", "subject:\(word)", "--data-dir", store, "--json", "--limit", "500"])
        #expect(found.status == 0, "\(found.stderr)")
        let lines = found.output.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect((object["subject"] as? String)?.localizedCaseInsensitiveContains(word) == true)
        }
        #expect(lines.contains { $0.contains("\"id\":\(first["id"] as? Int ?? -1),") })

        let one = try MerleProcess.run(["search", "subject:\(word)", "--data-dir", store, "--limit", "1"])
        #expect(one.output.split(separator: "\n").count == 1)
        let none = try MerleProcess.run(["search", "zzqqxxnothing", "--data-dir", store])
        #expect(none.status == 0 && none.output.isEmpty)
        let bad = try MerleProcess.run(["search", "before:yesterday", "--data-dir", store])
        #expect(bad.status == 1 && bad.stderr.contains("is not a date"))
        let account = try MerleProcess.run(["search", "subject:\(word)", "--account", "nobody", "--data-dir", store])
        #expect(account.status == 1 && account.stderr.contains("account \"nobody\" not found"))
    }

    /// `from:` is the sender; `to:` the recipients. In the demo, mail written to Ada sits
    /// in Sent with "You" as its sender.
    @Test func fromIsTheSenderAndToTheRecipients() throws {
        let folder = try TemporaryFolder()
        _ = try MerleProcess.run(["demo", "--data-dir", folder.path, "--messages", "400"])
        let store = folder.path + "/demo"
        func senders(_ query: String) throws -> [String] {
            let found = try MerleProcess.run(["search", query, "--data-dir", store, "--json", "--limit", "1000"])
            #expect(found.status == 0, "\(found.stderr)")
            return try found.output.split(separator: "\n").map { line in
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                return try #require(object["from"] as? String)
            }
        }
        let from = try senders("from:lovelace")
        #expect(!from.isEmpty)
        #expect(from.allSatisfy { $0.contains("Lovelace") }, "from: finds only what Ada sent: \(Set(from))")
        let to = try senders("to:lovelace")
        #expect(!to.isEmpty)
        #expect(to.allSatisfy { !$0.contains("Lovelace") }, "to: finds what was written to her")
    }
}
