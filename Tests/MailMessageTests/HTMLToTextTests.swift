import Testing
@testable import MailMessage

@Suite struct HTMLToTextTests {
    @Test func structureBecomesReadableText() {
        let html = """
        <html><head><title>T</title><style>p{color:red}</style><script>alert(1)</script></head><body>
        <h1>Heading</h1><p>First&nbsp;para with <b>bold</b> &amp; <a href="https://example.test/a">a link</a>.</p>
        <ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol>
        <blockquote>quoted<br>text</blockquote>
        <table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>
        <img src="https://tracker.test/pixel.gif" alt="Logo"><img src="cid:x">
        <p>caf&eacute; &#x1F600; &#233; &lt;tag&gt;</p><!-- comment --></body></html>
        """
        let result = HTMLToText.convert(html)
        let text = result.text
        #expect(text.contains("Heading"))
        #expect(text.contains("First para with bold & a link [1]."))
        #expect(text.contains("• one\n• two"))
        #expect(text.contains("1. first\n2. second"))
        #expect(text.contains("> quoted\n> text"))
        #expect(text.contains("A  B\n1  2"))
        #expect(text.contains("[image: Logo]"))
        #expect(text.contains("café 😀 é <tag>"))
        #expect(!text.contains("alert") && !text.contains("color:red") && !text.contains("comment"))
        #expect(result.links == ["https://example.test/a"])
        #expect(!text.contains("https://example.test/a"), "link targets are listed by whoever shows the text")
        #expect(!text.contains("tracker.test"), "image sources are never fetched or listed")
    }

    @Test func hostileMarkupIsBounded() {
        let deep = String(repeating: "<div><blockquote><ul><li><a href=x>", count: 20_000) + "text"
        let result = HTMLToText.convert(deep)
        #expect(result.text.contains("text"))
        _ = HTMLToText.convert("<<<>>><a href=\"unterminated<p <script>never closed")
        _ = HTMLToText.convert("&#0; &#xD800; &#99999999; &bogus; &")
    }

    @Test func javascriptLinksAreNotListed() {
        #expect(HTMLToText.convert("<a href=\"javascript:evil()\">x</a>").links.isEmpty)
    }
}
