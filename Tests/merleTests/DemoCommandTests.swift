import Foundation
import Testing

/// `merle demo` and the read commands on the demo store: the README's first command.
@Suite struct DemoCommandTests {
    @Test func demoSeedsOnceAndTheReadCommandsSeeIt() throws {
        let folder = try TemporaryFolder()
        let first = try MerleProcess.run(["demo", "--data-dir", folder.path, "--messages", "300"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.output.contains("Created a demo mailbox with 300 messages"))
        #expect(first.output.contains("INBOX"))
        #expect(first.output.contains("[sent]"))

        let second = try MerleProcess.run(["demo", "--data-dir", folder.path])
        #expect(second.status == 0)
        #expect(!second.output.contains("Created"), "the demo is seeded once")

        let store = folder.path + "/demo"
        let folders = try MerleProcess.run(["folders", "--data-dir", store, "--json"])
        #expect(folders.status == 0)
        let folderLines = folders.output.split(separator: "\n").map { line in
            try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }
        #expect(folderLines.count == 8)
        let total = folderLines.compactMap { $0?["total"] as? Int }.reduce(0, +)
        #expect(total == 300)
        #expect(folderLines.first??["name"] as? String == "INBOX")
        #expect(folderLines.contains { $0?["role"] as? String == "trash" })
    }

    @Test func listJSONFollowsTheContractAndShowRawIsExact() throws {
        let folder = try TemporaryFolder()
        _ = try MerleProcess.run(["demo", "--data-dir", folder.path, "--messages", "200"])
        let store = folder.path + "/demo"
        let list = try MerleProcess.run(["list", "INBOX", "--data-dir", store, "--limit", "5", "--json"])
        #expect(list.status == 0, "\(list.stderr)")
        let lines = list.output.split(separator: "\n")
        #expect(lines.count == 5)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["id", "uid", "account", "folder", "flags", "date", "from", "to", "cc", "subject", "size",
                                     "has_attachment", "message_id"])
        #expect(object["flags"] is [Any])
        let id = try #require(object["id"] as? Int)
        let size = try #require(object["size"] as? Int)

        let raw = try MerleProcess.run(["show", String(id), "--raw", "--data-dir", store])
        #expect(raw.status == 0)
        #expect(raw.stdout.count == size)
        #expect(String(decoding: raw.stdout, as: UTF8.self).contains("Message-ID: \(object["message_id"] as? String ?? "?")"))

        let file = folder.path + "/message.eml"
        try raw.stdout.write(to: URL(fileURLWithPath: file))
        let fromFile = try MerleProcess.run(["show", "--file", file, "--raw"])
        #expect(fromFile.stdout == raw.stdout)
    }

    @Test func failuresAreOneLineAndExitOne() throws {
        let folder = try TemporaryFolder()
        _ = try MerleProcess.run(["demo", "--data-dir", folder.path, "--messages", "20"])
        let cases: [([String], String)] = [
            (["show", "424242", "--data-dir", folder.path + "/demo"], "message 424242 not found"),
            (["list", "NoSuchFolder", "--data-dir", folder.path + "/demo"], "folder \"NoSuchFolder\" not found"),
            (["show", "--file", folder.path + "/missing.eml"], "cannot read"),
        ]
        for (arguments, words) in cases {
            let result = try MerleProcess.run(arguments)
            #expect(result.status == 1, "\(arguments)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("merle: "))
            #expect(result.stderr.contains(words), "\(arguments): \(result.stderr)")
        }
    }

    @Test func dataDirFromTheEnvironment() throws {
        let folder = try TemporaryFolder()
        let result = try MerleProcess.run(["demo", "--messages", "10"], environment: ["MERLE_DATA_DIR": folder.path])
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.path + "/demo/merle.sqlite"))
    }
}
