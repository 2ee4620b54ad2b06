import MailMessage
import Testing
@testable import MailStore

/// What the search index gets from a whole message (`MailStore.bodyFacts`, shared by the
/// IMAP mirror and POP3).
@Suite struct SearchTextTests {
    @Test func htmlOnlyMailIsIndexedAsTextWithoutTagsScriptsOrStyles() {
        let raw = "Content-Type: text/html; charset=utf-8\r\n\r\n<html><head><style type=\"text/css\">p { color: red }</style>"
            + "<script type=\"x\">var secret = 1;</script></head><body><p class=\"a\">Grüße <b>aus</b> Köln</p><br/>done</body></html>\r\n"
        let text = MailStore.bodyFacts(Array(raw.utf8)).searchText
        #expect(text.contains("Grüße") && text.contains("aus") && text.contains("Köln") && text.contains("done"))
        #expect(!text.contains("color") && !text.contains("secret") && !text.contains("<"))
    }

    @Test func textPartsAreIndexedAndAttachmentsNoticed() {
        let raw = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello plain\r\n"
            + "--b\r\nContent-Type: text/html\r\n\r\n<p>hello html</p>\r\n"
            + "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n\r\nJVBERi0=\r\n--b--\r\n"
        let facts = MailStore.bodyFacts(Array(raw.utf8))
        #expect(facts.hasAttachment)
        #expect(facts.searchText.contains("hello plain"))
        #expect(!facts.searchText.contains("hello html"), "HTML only when there is no plain text")
        #expect(!facts.searchText.contains("JVBERi0"))
    }
}
