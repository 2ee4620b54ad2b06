import Foundation
import Testing
@testable import MailMessage

/// A message parsed from its file a window at a time (`MIMEMessage(file:)`, what
/// `merle show --file` uses) has the same facts as the same bytes parsed in memory:
/// every corpus message, with a window small enough that lines and boundaries fall
/// across window edges.
@Suite struct MessageFileTests {
    /// The facts compared: the part tree, each part's bytes, sizes and the rendered text.
    func facts(_ message: MIMEMessage) -> [String] {
        var lines = message.headers.map { "\($0.name): \($0.value)" }
        lines.append("body at \(message.bodyStart)")
        for part in message.body.allParts {
            lines.append("\(part.path) \(part.mediaType.mimeType) \(part.transferEncoding.name) opaque=\(part.isOpaque)")
            lines.append("  encoded \(part.encodedBody.count) bytes, hash \(Array(part.encodedBody).hashValue)")
            lines.append("  decoded \(part.decodedSize) = \(part.decodedBody().count)")
            lines.append("  preamble \(part.preamble.map { Array($0) }.debugDescription) epilogue \(part.epilogue.map { Array($0) }.debugDescription)")
        }
        lines.append(MessageRenderer().render(message).fullText)
        return lines
    }

    @Test(arguments: [97, 4096])
    func everyCorpusMessageHasTheSameFactsFromItsFile(window: Int) throws {
        let files = CorpusSmokeTests.messageFiles()
        #expect(files.count > 300)
        var differing: [String] = []
        for url in files {
            let inMemory = MIMEMessage(bytes: CorpusLocator.bytes(url))
            let fromFile = MIMEMessage(file: try MessageFile(path: url.path), limits: .standard, window: window)
            if facts(inMemory) != facts(fromFile) { differing.append(url.lastPathComponent) }
            for part in inMemory.body.allParts where part.decodedSize != part.decodedBody().count {
                Issue.record("\(url.lastPathComponent) part \(part.path): size \(part.decodedSize) but \(part.decodedBody().count) bytes decoded")
            }
        }
        #expect(differing.isEmpty, "\(differing.count) messages differ: \(differing.prefix(20))")
    }

    @Test func aBigAttachmentIsMeasuredWithoutBeingRead() throws {
        // 3 MB of base64 (2.25 MB decoded) between a text part and a closing boundary.
        let path = NSTemporaryDirectory() + "merle-big-\(UUID().uuidString).eml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var message = Array("From: a@x\r\nSubject: big\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=big.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n".utf8)
        let line = Array("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAx\r\n".utf8)
        for _ in 0..<(3_000_000 / line.count) { message += line }
        message += Array("--b--\r\n".utf8)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(message)))
        let file = try MessageFile(path: path)
        let rendered = MessageRenderer().render(MIMEMessage(file: file))
        #expect(rendered.bodyText.contains("hello"))
        let attachment = try #require(rendered.attachments.first)
        #expect(attachment.filename == "big.bin")
        #expect(attachment.size == (3_000_000 / line.count) * 54)
        let data = try #require(MessageRenderer().attachmentData(MIMEMessage(file: file), path: attachment.path))
        #expect(data.count == attachment.size && data.prefix(6) == Array("ABCDEF".utf8)[...])
    }

    @Test func aMissingOrOddFileIsAClearError() {
        #expect(throws: MessageFileError.self) { try MessageFile(path: "/nonexistent/merle.eml") }
        do {
            _ = try MessageFile(path: NSTemporaryDirectory())
            Issue.record("a folder was opened as a message")
        } catch {
            #expect("\(error)".contains("is not a regular file"))
        }
    }
}
