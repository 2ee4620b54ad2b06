import Foundation
import Testing
@testable import MailMessage

@Suite struct MIMETreeTests {
    @Test func multipartWithPreambleEpilogueAndNesting() throws {
        let parsed = message([
            "Content-Type: multipart/mixed; boundary=outer", "",
            "preamble text", "--outer",
            "Content-Type: multipart/alternative; boundary=inner", "",
            "--inner", "Content-Type: text/plain", "", "plain", "--inner",
            "Content-Type: text/html", "", "<p>html</p>", "--inner--",
            "--outer", "Content-Type: application/pdf; name=a.pdf", "Content-Transfer-Encoding: base64", "", "JVBERi0=", "--outer--",
            "epilogue text", "",
        ])
        let root = parsed.body
        #expect(root.mediaType.mimeType == "multipart/mixed")
        #expect(String(decoding: try #require(root.preamble), as: UTF8.self) == "preamble text")
        #expect(String(decoding: try #require(root.epilogue), as: UTF8.self).hasPrefix("epilogue text"))
        #expect(root.children.map(\.mediaType.mimeType) == ["multipart/alternative", "application/pdf"])
        #expect(root.children[0].children.map(\.mediaType.subtype) == ["plain", "html"])
        #expect(root.children[0].children[1].path == [1, 2])
        #expect(root.children[1].decodedBody() == Array("%PDF-".utf8))
        #expect(root.children[1].filename == "a.pdf")
        #expect(root.part(at: [1, 1])?.decodedText()?.text == "plain")
    }

    @Test func missingFinalBoundaryKeepsLastPart() {
        let parsed = message(["Content-Type: multipart/mixed; boundary=b", "", "--b", "", "one", "--b", "", "two", "still two"])
        #expect(parsed.body.children.count == 2)
        #expect(parsed.body.children[1].decodedText()?.text == "two\r\nstill two")
        #expect(parsed.body.missingCloseDelimiter)
    }

    @Test func messageRFC822IsParsedAsChild() throws {
        let parsed = message([
            "Content-Type: multipart/mixed; boundary=b", "", "--b", "Content-Type: message/rfc822", "",
            "Subject: inner", "From: i@x.test", "", "inner body", "--b--",
        ])
        let embedded = try #require(parsed.body.children.first?.embeddedMessage)
        #expect(embedded.subject == "inner")
        #expect(parsed.body.children[0].children[0].decodedText()?.text == "inner body")
        #expect(parsed.body.children[0].children[0].path == [1, 1])
    }

    @Test func digestChildrenDefaultToMessage() {
        let parsed = message(["Content-Type: multipart/digest; boundary=d", "", "--d", "", "Subject: one", "", "1", "--d--"])
        #expect(parsed.body.children.first?.mediaType.mimeType == "message/rfc822")
        #expect(parsed.body.children.first?.embeddedMessage?.subject == "one")
    }

    @Test func innermostBoundaryWinsWhenBoundariesArePrefixes() {
        let parsed = message([
            "Content-Type: multipart/mixed; boundary=b", "", "--b", "Content-Type: multipart/mixed; boundary=b-1", "",
            "--b-1", "", "inner", "--b-1--", "--b", "", "outer two", "--b--",
        ])
        #expect(parsed.body.children.count == 2)
        #expect(parsed.body.children[0].children.count == 1)
        #expect(parsed.body.children[1].decodedText()?.text == "outer two")
    }

    @Test func headersAreAvailableWithoutParsingTheBody() {
        // Listing a mailbox reads the header only: building the message must not scale
        // with the body (20 MB of parts here).
        var text = "Subject: big\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"
        text += String(repeating: "--x\r\nContent-Type: text/plain\r\n\r\n" + String(repeating: "a", count: 2_000) + "\r\n", count: 10_000)
        let bytes = Array(text.utf8)
        let start = Date()
        let parsed = MIMEMessage(bytes: bytes)
        #expect(parsed.subject == "big")
        let headerSeconds = Date().timeIntervalSince(start)
        #expect(headerSeconds < 0.05, "header-only parse took \(headerSeconds) s")
    }

    @Test func base64EncodedMessageRFC822() {
        let inner = TransferEncoding.encodeBase64Lines(Array("Subject: hidden\r\n\r\nsecret body\r\n".utf8))
        let bytes = Array("Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n".utf8) + inner
        let parsed = MIMEMessage(bytes: bytes)
        #expect(parsed.body.embeddedMessage?.subject == "hidden")
    }

    @Test func partPathsFollowIMAPNumbering() throws {
        let parsed = MessageParser.parse(Array([
            "Content-Type: multipart/mixed; boundary=o", "", "--o", "", "text", "--o", "Content-Type: message/rfc822", "",
            "Content-Type: multipart/alternative; boundary=i", "", "--i", "", "plain", "--i", "Content-Type: text/html", "", "<b>x</b>", "--i--",
            "--o--", "",
        ].joined(separator: "\r\n").utf8))
        let root = parsed.body
        #expect(root.part(at: [2])?.mediaType.mimeType == "message/rfc822")
        #expect(root.part(at: [2, 1])?.decodedText()?.text == "plain")
        #expect(root.part(at: [2, 2])?.mediaType.mimeType == "text/html")
        #expect(root.part(at: [3]) == nil)
    }

    @Test func singlePartAttachmentIsAddressableAtTheRoot() {
        let parsed = message(["Content-Type: application/pdf; name=doc.pdf", "Content-Transfer-Encoding: base64", "", "JVBERi0="])
        let rendered = MessageRenderer().render(parsed)
        #expect(rendered.attachments.map(\.path) == [[]])
        #expect(MessageRenderer().attachmentData(parsed, path: []) == Array("%PDF-".utf8))
        #expect(rendered.attachments[0].pathString == "1")
        let path = MIMEPart.path(from: rendered.attachments[0].pathString)
        #expect(path.flatMap { MessageRenderer().attachmentData(parsed, path: $0) } == Array("%PDF-".utf8))
        #expect(MIMEPart.path(from: "2.x") == nil && MIMEPart.path(from: "0") == nil && MIMEPart.path(from: "2.1") == [2, 1])
    }
}
