import Testing
@testable import MailMessage

@Suite struct MessageRendererTests {
    static let mixed = message([
        "From: =?utf-8?Q?Al=C3=AFce?= <alice@example.test>", "To: bob@example.test", "Subject: Report", "Date: Thu, 26 Nov 2026 10:00:00 +0000",
        "Content-Type: multipart/mixed; boundary=m", "",
        "--m", "Content-Type: multipart/alternative; boundary=a", "",
        "--a", "Content-Type: text/plain; charset=utf-8", "", "Plain version", "--a",
        "Content-Type: text/html; charset=utf-8", "", "<p>HTML <a href=\"https://x.test\">version</a></p>", "--a--",
        "--m", "Content-Type: image/png; name=\"pic.png\"", "Content-Transfer-Encoding: base64", "Content-Disposition: attachment", "", "iVBORw0KGgo=",
        "--m--", "",
    ])

    @Test func plainPreferredAndAttachmentsListed() {
        let rendered = MessageRenderer().render(Self.mixed)
        #expect(rendered.headerLines == ["Date: Thu, 26 Nov 2026 10:00:00 +0000", "From: Alïce <alice@example.test>", "To: bob@example.test", "Subject: Report"])
        #expect(rendered.bodyText == "Plain version\n")
        #expect(rendered.attachments.count == 1)
        let attachment = rendered.attachments[0]
        #expect(attachment.filename == "pic.png" && attachment.mediaType == "image/png" && attachment.size == 8 && attachment.path == [2])
        #expect(MessageRenderer().attachmentData(Self.mixed, path: attachment.path) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    @Test func htmlWhenPreferredOrOnly() {
        let rendered = MessageRenderer(preferPlainText: false).render(Self.mixed)
        #expect(rendered.bodyText.hasPrefix("HTML version [1]"))
        #expect(rendered.links == ["https://x.test"])
        let htmlOnly = message(["Content-Type: text/html", "", "<h1>Hi</h1><p>there</p>"])
        #expect(MessageRenderer().render(htmlOnly).bodyText == "Hi\n\nthere\n")
    }

    @Test func fullTextHasHeadersBodyAndAttachmentList() {
        let text = MessageRenderer().render(Self.mixed).fullText
        #expect(text.contains("Subject: Report\n\nPlain version\n"))
        #expect(text.contains("5. pic.png (image/png, 8 bytes)"))
    }

    @Test func forwardedMessageIsShownInline() {
        let parsed = message([
            "Content-Type: multipart/mixed; boundary=f", "", "--f", "", "See below.", "--f", "Content-Type: message/rfc822", "",
            "From: carol@x.test", "Subject: Original", "", "Original text", "--f--",
        ])
        let body = MessageRenderer().render(parsed).bodyText
        #expect(body.contains("See below."))
        #expect(body.contains("Subject: Original"))
        #expect(body.contains("Original text"))
    }
}

/// Line breaks normalised without Foundation: CR LF becomes LF, a lone CR stays (the
/// sanitiser shows it as ^M), and text without CR comes back as it is.
@Suite struct UnixLineBreakTests {
    @Test(arguments: [
        ("a\r\nb\r\n", "a\nb\n"), ("a\rb", "a\rb"), ("end\r", "end\r"), ("\r\r\n", "\r\n"), ("plain\n", "plain\n"), ("", ""),
        ("ü\r\n日本\r\n", "ü\n日本\n"),
    ])
    func crLFBecomesLF(input: String, expected: String) {
        #expect(input.withUnixLineBreaks == expected)
    }
}
