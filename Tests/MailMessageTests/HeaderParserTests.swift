import Testing
@testable import MailMessage

@Suite struct HeaderParserTests {
    @Test func foldedFieldsUnfoldAndKeepOrder() {
        let parsed = message(["Subject: Hello", "  world", "X-One: 1", "x-one: 2", "", "body"])
        #expect(parsed.headers.map(\.name) == ["Subject", "X-One", "x-one"])
        #expect(parsed.subject == "Hello world")
        #expect(parsed.headers(named: "X-ONE").map(\.value) == ["1", "2"])
        #expect(parsed.rawBody.elementsEqual("body".utf8))
    }

    @Test func lfOnlyLineEndsAreAccepted() {
        let parsed = MIMEMessage(bytes: Array("From: a@example.test\nSubject: LF\n\nText\n".utf8))
        #expect(parsed.subject == "LF")
        #expect(parsed.from.addresses.first?.mailbox == "a@example.test")
        #expect(parsed.rawBody.elementsEqual("Text\n".utf8))
    }

    @Test func messageWithNoHeaderIsAllBody() {
        // SECURITY.md: a message with no headers (CVE-2021-44143).
        let parsed = MIMEMessage(bytes: Array("just some text\r\nmore text\r\n".utf8))
        #expect(parsed.headers.isEmpty)
        #expect(parsed.subject == nil)
        #expect(parsed.from.isEmpty)
        #expect(MessageRenderer().render(parsed).bodyText.contains("just some text"))
    }

    @Test func emptyInputDoesNotCrash() {
        let parsed = MIMEMessage(bytes: [])
        #expect(parsed.headers.isEmpty)
        #expect(parsed.body.children.isEmpty)
        _ = MessageRenderer().render(parsed)
    }

    @Test func invalidLinesInHeaderAreSkipped() {
        let parsed = message(["Subject: s", "not a header line", "X-After: yes", "", "body"])
        #expect(parsed.headers.map(\.name) == ["Subject", "X-After"])
    }

    @Test func spaceOnlySeparatorWithNoEmptyLineEndsHeader() {
        let parsed = MIMEMessage(bytes: Array("Subject: s\n \nHello there\n \nBye\n".utf8))
        #expect(parsed.headers.count == 1)
        #expect(String(decoding: parsed.rawBody, as: UTF8.self).hasPrefix("Hello there"))
    }

    @Test func headerFieldCountIsCapped() {
        var lines = (0..<5_000).map { "X-Field-\($0): v" }
        lines += ["", "body"]
        let parsed = MIMEMessage(bytes: Array(lines.joined(separator: "\r\n").utf8), limits: ParseLimits(maxHeaderFields: 100))
        #expect(parsed.headers.count == 100)
        #expect(parsed.rawBody.elementsEqual("body".utf8))
    }

    @Test func rfc6532UTF8HeadersDecode() {
        let parsed = MIMEMessage(bytes: Array("From: Jörg <jörg@bücher.example>\r\nSubject: Grüße 👋\r\n\r\n".utf8))
        #expect(parsed.subject == "Grüße 👋")
        #expect(parsed.from.addresses.first?.name == "Jörg")
        #expect(parsed.from.addresses.first?.mailbox == "jörg@bücher.example")
    }

    @Test func legacy8BitHeaderUsesBodyCharset() {
        var bytes = Array("Subject: ".utf8) + [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4]  // "Привет" in KOI8-R
        bytes += Array("\r\nContent-Type: text/plain; charset=koi8-r\r\n\r\nbody".utf8)
        #expect(MIMEMessage(bytes: bytes).subject == "Привет")
    }

    @Test func messageIDsAndReferences() {
        let parsed = message(["Message-ID: <a@b>", "In-Reply-To: <p@b> (comment)", "References: <x@y>", " <p@b>", "", ""])
        #expect(parsed.messageID == "a@b")
        #expect(parsed.inReplyTo == ["p@b"])
        #expect(parsed.references == ["x@y", "p@b"])
    }
}

/// Field names compare case-insensitively, bytes folded only for letters.
@Suite struct HeaderNameTests {
    @Test func namesCompareIgnoringCaseOfLettersOnly() {
        let field = HeaderField(name: "Subject", rawValue: [])
        #expect(field.hasName("subject") && field.hasName("SUBJECT") && field.hasName("Subject"))
        #expect(!field.hasName("Subjecu") && !field.hasName("Subjec") && !field.hasName("Subjects"))
        #expect(!HeaderField(name: "X-@", rawValue: []).hasName("x-`"), "only A-Z fold")
        #expect(!HeaderField(name: "X-[", rawValue: []).hasName("x-{"))
        #expect(HeaderField(name: "X-Ärger", rawValue: []).hasName("x-ärger"), "other bytes compare as Unicode")
    }
}
