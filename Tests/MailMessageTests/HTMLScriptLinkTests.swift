import Testing
@testable import MailMessage

/// Regression tests for what scripts/fuzz found (target `html`): script links disguised
/// the way browsers still run them were listed as references under the text.
@Suite struct HTMLScriptLinkTests {
    /// The fuzzer's input (a `vbscript:` link in real spam) first, then the disguises a
    /// browser's URL parser undoes: tabs and line breaks inside the scheme, as
    /// characters or as entities, and leading control characters.
    static let scripts = [
        #"<a href="vbscript:http://www.provantage.com/scripts/go.dll">deal</a>"#,
        "<a href=\"java\tscript:alert(1)\">x</a>",
        #"<a href="java&#9;script:alert(1)">x</a>"#,
        #"<a href="jav&#x0A;ascript:alert(1)">x</a>"#,
        "<a href=\"\u{01}\u{1F} javascript:alert(1)\">x</a>",
        "<a href=\"DA\r\nTA:text/html,<script>x()</script>\">x</a>",
        #"<a href="VBScript:msgbox(1)">x</a>"#,
    ]

    @Test(arguments: scripts)
    func scriptLinksAreNotListed(html: String) {
        let result = HTMLToText.convert(html)
        #expect(result.links.isEmpty, "\(result.links)")
        #expect(!result.text.contains("[1]"))
    }

    @Test func ordinaryLinksStillAre() {
        let result = HTMLToText.convert(#"<a href="https://example.test/java script:">a</a> <a href="mailto:x@example.test">b</a>"#)
        #expect(result.links == ["https://example.test/java script:", "mailto:x@example.test"])
    }
}
