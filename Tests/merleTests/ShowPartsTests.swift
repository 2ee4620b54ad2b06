import Foundation
import Testing

/// `merle show … --parts [--json]` and `--part N [--output FILE]`, on message files and on
/// a demo store, and `show --file` refusing files that are not messages.
@Suite struct ShowPartsTests {
    static let pngBytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let message = [
        "From: \"Doe, Jane\" <jane@example.test>", "To: you@example.test", "Subject: parts",
        "Content-Type: multipart/mixed; boundary=m", "",
        "--m", "Content-Type: multipart/alternative; boundary=a", "",
        "--a", "Content-Type: text/plain; charset=utf-8", "", "Plain body",
        "--a", "Content-Type: multipart/related; boundary=r", "",
        "--r", "Content-Type: text/html; charset=utf-8", "", "<p>HTML <img src=\"cid:logo@example.test\"></p>",
        "--r", "Content-Type: image/png", "Content-ID: <logo@example.test>", "Content-Transfer-Encoding: base64", "", "iVBORw0KGgo=",
        "--r--", "--a--",
        "--m", "Content-Type: application/octet-stream; name=\"data.bin\"", "Content-Disposition: attachment; filename=\"data.bin\"",
        "Content-Transfer-Encoding: x-uuencode", "", "begin 644 data.bin", "#`0(#", "`", "end",
        "--m--", "",
    ].joined(separator: "\r\n")

    static func jsonLines(_ output: String) -> [[String: Any]] {
        output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test func partsOfAMessageFile() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("m.eml", Self.message)
        let listed = try MerleProcess.run(["show", "--file", file, "--parts", "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let parts = Self.jsonLines(listed.output)
        #expect(parts.map { $0["index"] as? Int } == [1, 2, 3, 4, 5, 6, 7])
        #expect(parts.map { $0["type"] as? String } == ["multipart/mixed", "multipart/alternative", "text/plain", "multipart/related",
                                                       "text/html", "image/png", "application/octet-stream"])
        let png = parts[5]
        #expect(png["content_id"] as? String == "logo@example.test")
        #expect(png["size"] as? Int == 8)
        #expect(parts[2]["charset"] as? String == "utf-8")
        let data = parts[6]
        #expect(data["filename"] as? String == "data.bin")
        #expect(data["disposition"] as? String == "attachment")
        #expect(data["size"] as? Int == 3, "the decoded size, not the uuencoded one")

        let text = try MerleProcess.run(["show", "--file", file, "--parts"])
        #expect(text.status == 0)
        #expect(text.output.split(separator: "\n").count == 7)
        #expect(text.output.contains("6  image/png"))

        // The attachment list of --text uses the same numbers.
        let rendered = try MerleProcess.run(["show", "--file", file, "--text"])
        #expect(rendered.output.contains("  6. (unnamed) (image/png, 8 bytes)"))
        #expect(rendered.output.contains("  7. data.bin (application/octet-stream, 3 bytes)"))
        #expect(rendered.output.contains("From: \"Doe, Jane\" <jane@example.test>"))

        let image = try MerleProcess.run(["show", "--file", file, "--part", "6"])
        #expect(image.status == 0)
        #expect([UInt8](image.stdout) == Self.pngBytes)
        let output = folder.path + "/data.bin"
        let saved = try MerleProcess.run(["show", "--file", file, "--part", "7", "--output", output])
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(FileManager.default.contents(atPath: output).map([UInt8].init) == [1, 2, 3])
    }

    @Test func partFailuresAreOneLineAndNothingIsOverwritten() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("m.eml", Self.message)
        let existing = try folder.write("keep.txt", "mine")
        let refused = try MerleProcess.run(["show", "--file", file, "--part", "6", "--output", existing])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("already exists"))
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "mine")
        let missing = try MerleProcess.run(["show", "--file", file, "--part", "42"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no part 42"))
        let usage = try MerleProcess.run(["show", "--file", file, "--parts", "--part", "2"])
        #expect(usage.status != 0)
    }

    @Test func partsOfAStoredMessage() throws {
        let folder = try TemporaryFolder()
        let seeded = try MerleProcess.run(["demo", "--data-dir", folder.path, "--messages", "120"])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let store = folder.path + "/demo"
        let found = try MerleProcess.run(["search", "has:attachment", "--data-dir", store, "--json", "--limit", "1"])
        let id = try #require(Self.jsonLines(found.output).first?["id"] as? Int, "\(found.output) \(found.stderr)")
        let listed = try MerleProcess.run(["show", String(id), "--parts", "--json", "--data-dir", store])
        #expect(listed.status == 0, "\(listed.stderr)")
        let attachment = try #require(Self.jsonLines(listed.output).first { $0["attachment"] as? Bool == true })
        let number = try #require(attachment["index"] as? Int)
        let bytes = try MerleProcess.run(["show", String(id), "--part", String(number), "--data-dir", store])
        #expect(bytes.status == 0, "\(bytes.stderr)")
        #expect(bytes.stdout.count == attachment["size"] as? Int)
        let text = try MerleProcess.run(["show", String(id), "--text", "--data-dir", store])
        #expect(text.output.contains("  \(number). "), "the attachment list numbers it the same way")
    }

    @Test(arguments: [
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0] as [UInt8], "message.msg", "Outlook .msg"),
        (Array("%PDF-1.7\n%\u{E2}\u{E3}\n1 0 obj\n".utf8), "scan.pdf", "PDF"),
        ([0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0], "mail.zip", "ZIP"),
    ])
    func filesThatAreNotMessagesAreRefused(bytes: [UInt8], name: String, kind: String) throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for mode in ["--text", "--raw", "--parts"] {
            let result = try MerleProcess.run(["show", "--file", path, mode])
            #expect(result.status == 1, "\(mode)")
            #expect(result.stdout.isEmpty, "\(mode) prints nothing")
            #expect(result.stderr.contains(kind), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }
}
