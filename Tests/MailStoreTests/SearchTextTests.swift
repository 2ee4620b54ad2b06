import MailMessage
import Testing
@testable import MailStore

@Suite struct SearchTextTests {
    @Test func htmlTagsScriptsAndStylesAreDropped() {
        let html = "<html><head><style type=\"text/css\">p { color: red }</style><script type=\"x\">var secret = 1;</script></head>"
            + "<body><p class=\"a\">Grüße <b>aus</b> Köln</p><br/>done</body></html>"
        let text = SearchText.stripTags(html)
        #expect(text.contains("Grüße"))
        #expect(text.contains("aus"))
        #expect(text.contains("Köln"))
        #expect(text.contains("done"))
        #expect(!text.contains("color"))
        #expect(!text.contains("secret"))
        #expect(!text.contains("<"))
    }

    @Test func textPartsAreIndexedAndAttachmentsNoticed() {
        let raw = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello plain\r\n"
            + "--b\r\nContent-Type: text/html\r\n\r\n<p>hello html</p>\r\n"
            + "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n\r\nJVBERi0=\r\n--b--\r\n"
        let result = SearchText.extract(MessageParser.parse(Array(raw.utf8)))
        #expect(result.hasAttachment)
        #expect(result.text.contains("hello plain"))
        #expect(result.text.contains("hello html"))
        #expect(!result.text.contains("JVBERi0"))
    }
}
