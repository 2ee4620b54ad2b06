import Foundation
import Testing
@testable import MailMessage

/// Every part with a file name and every non-text leaf is listed with its decoded size,
/// under one numbering (`MessagePartList`) that the renderer, the pager and
/// `merle show --parts/--part` share.
@Suite struct AttachmentListTests {
    /// POSIX uuencode of `data` (the format `uuencode(1)` writes), lines joined by CRLF.
    static func uuencode(_ data: [UInt8], name: String) -> String {
        var lines = ["begin 644 \(name)"]
        func character(_ value: UInt8) -> Character { Character(Unicode.Scalar(value == 0 ? 96 : value + 32)) }
        var index = 0
        while index < data.count {
            let chunk = Array(data[index..<min(index + 45, data.count)])
            var line = String(character(UInt8(chunk.count)))
            var group = 0
            while group < chunk.count {
                let a = chunk[group], b = group + 1 < chunk.count ? chunk[group + 1] : 0, c = group + 2 < chunk.count ? chunk[group + 2] : 0
                line.append(character(a >> 2))
                line.append(character((a << 4 | b >> 4) & 63))
                line.append(character((b << 2 | c >> 6) & 63))
                line.append(character(c & 63))
                group += 3
            }
            lines.append(line)
            index += 45
        }
        lines += ["`", "end"]
        return lines.joined(separator: "\r\n")
    }

    static let fileBytes = Array((0..<300).map { UInt8($0 % 256) })

    @Test func imagesOfTheAlternativeNotShownAreListed() {
        let parsed = message([
            "Content-Type: multipart/alternative; boundary=a", "",
            "--a", "Content-Type: text/plain", "", "Plain text",
            "--a", "Content-Type: multipart/related; boundary=r", "",
            "--r", "Content-Type: text/html", "", "<p>HTML <img src=\"cid:logo@x\"></p>",
            "--r", "Content-Type: image/png", "Content-ID: <logo@x>", "Content-Transfer-Encoding: base64", "", "iVBORw0KGgo=",
            "--r", "Content-Type: image/gif; name=\"spacer.gif\"", "Content-Transfer-Encoding: base64", "", "R0lGODlh",
            "--r--", "--a--",
        ])
        let rendered = MessageRenderer().render(parsed)
        #expect(rendered.bodyText == "Plain text\n")
        #expect(rendered.attachments.map(\.mediaType) == ["image/png", "image/gif"])
        #expect(rendered.attachments.map(\.size) == [8, 6])
        #expect(rendered.attachments.map(\.filename) == ["(unnamed)", "spacer.gif"])
        let png = rendered.attachments[0]
        #expect(MessageRenderer().attachmentData(parsed, attachment: png) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    @Test func xUUEncodePartsAreDecodedAndSizedAsTheFile() {
        let parsed = message([
            "Content-Type: multipart/mixed; boundary=m", "",
            "--m", "Content-Type: text/plain", "", "See attached.",
            "--m", "Content-Type: application/octet-stream; name=\"table.bin\"", "Content-Transfer-Encoding: x-uuencode", "",
            Self.uuencode(Self.fileBytes, name: "table.bin"),
            "--m", "Content-Type: application/x-uuencode; name=\"other.bin\"", "", Self.uuencode([1, 2, 3], name: "other.bin"),
            "--m--",
        ])
        let rendered = MessageRenderer().render(parsed)
        #expect(rendered.attachments.map(\.filename) == ["table.bin", "other.bin"])
        #expect(rendered.attachments.map(\.size) == [300, 3])
        #expect(MessageRenderer().attachmentData(parsed, attachment: rendered.attachments[0]) == Self.fileBytes)
        #expect(MessageRenderer().attachmentData(parsed, attachment: rendered.attachments[1]) == [1, 2, 3])
    }

    @Test func uuencodedBlocksInPlainTextBecomeAttachments() {
        let parsed = message([
            "Subject: the report", "",
            "Here it is:", "", Self.uuencode(Self.fileBytes, name: "report.dat"), "", "Regards,", "Kim", "",
        ])
        let rendered = MessageRenderer().render(parsed)
        #expect(rendered.attachments.map(\.filename) == ["report.dat"])
        #expect(rendered.attachments.map(\.size) == [300])
        #expect(rendered.bodyText.contains("Here it is:"))
        #expect(rendered.bodyText.contains("Regards,"))
        #expect(!rendered.bodyText.contains("begin 644"), "the encoded lines are not shown as text")
        #expect(rendered.bodyText.contains("report.dat"))
        #expect(MessageRenderer().attachmentData(parsed, attachment: rendered.attachments[0]) == Self.fileBytes)
        // Text that only looks like the start of one is left alone.
        let prose = MessageRenderer().render(message(["", "begin 644 is how you start", "and then nothing"]))
        #expect(prose.attachments.isEmpty)
        #expect(prose.bodyText.contains("begin 644 is how you start"))
    }

    @Test func inlineTextPartsWithANameAreListedAndNamed() {
        let parsed = message([
            "Content-Type: multipart/mixed; boundary=m", "",
            "--m", "Content-Type: text/plain", "", "Body text.",
            "--m", "Content-Type: text/plain; name=\"notes.txt\"", "Content-Disposition: inline; filename=\"notes.txt\"", "", "Inline notes.",
            "--m--",
        ])
        let rendered = MessageRenderer().render(parsed)
        #expect(rendered.attachments.map(\.filename) == ["notes.txt"])
        #expect(rendered.attachments.map(\.size) == [13])
        #expect(rendered.bodyText.contains("Inline notes."))
        #expect(rendered.bodyText.contains("notes.txt"), "the body says which file the text is")
    }

    @Test func oneNumberingForEveryListing() {
        let parsed = MessageRendererTests.mixed
        let list = MessagePartList(root: parsed.body)
        #expect(list.entries.map(\.mediaType) == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "image/png"])
        #expect(list.entries.map(\.number) == [1, 2, 3, 4, 5])
        let rendered = MessageRenderer().render(parsed)
        #expect(rendered.attachments.map(\.number) == [5])
        #expect(rendered.fullText.contains("  5. pic.png (image/png, 8 bytes)"))
        #expect(list.entry(5).flatMap { list.data(of: $0) } == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    @Test func theDecodedSizeOfAFileBackedPartMatchesInMemory() throws {
        let text = ["Content-Type: multipart/mixed; boundary=m", "", "--m", "Content-Type: text/plain", "", "x",
                    "--m", "Content-Type: application/octet-stream", "Content-Transfer-Encoding: x-uuencode", "",
                    Self.uuencode(Self.fileBytes + Self.fileBytes, name: "a.bin"), "--m--", ""].joined(separator: "\r\n")
        let path = NSTemporaryDirectory() + "merle-uu-\(UUID().uuidString).eml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromFile = MIMEMessage(file: try MessageFile(path: path), limits: .standard, window: 97)
        #expect(MessagePartList(root: fromFile.body).attachments.map(\.size) == [600])
    }
}
