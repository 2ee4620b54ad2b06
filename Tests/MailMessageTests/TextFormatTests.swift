import Testing
@testable import MailMessage

/// Named character references, text/enriched and text/richtext, blank-line runs and
/// the link list of HTML bodies.
@Suite struct TextFormatTests {
    @Test func theWholeNamedReferenceTableIsKnown() {
        #expect(HTMLEntities.named.count == 2_231)
        #expect(HTMLEntityTable.count == 2_231)
        #expect(HTMLToText.convert("<p>&tau; &Omega; &notin; &NotNestedGreaterGreater; &fjlig; &bne;</p>").text == "τ Ω ∉ ⪢̸ fj =⃥\n")
    }

    @Test(arguments: [
        ("fish &amp chips", "fish & chips"),
        ("a&nbspb", "a\u{A0}b".replacingOccurrences(of: "\u{A0}", with: " ")),
        ("&copy 2024", "© 2024"),
        ("&notit;", "¬it;"),
        ("&#65&#x42;&#X43", "ABC"),
        ("&bogus; & &;", "&bogus; & &;"),
        ("&AMP;&LT3", "&<3"),
    ])
    func legacyReferencesWithoutSemicolon(html: String, text: String) {
        #expect(HTMLToText.convert("<p>\(html)</p>").text == text + "\n")
    }

    @Test func inAnAttributeALegacyNameBeforeAnEqualsSignStays() {
        let result = HTMLToText.convert("<a href=\"https://shop.test/?item=1&copy=2&amp;x=3\">shop</a> <img alt=\"&lt;logo&gt; &amp;lt;\">")
        #expect(result.links == ["https://shop.test/?item=1&copy=2&x=3"])
        #expect(result.text.contains("[image: <logo> &lt;]"), "attribute values are decoded once")
    }

    @Test func enrichedTextIsRendered() {
        let parsed = message([
            "Content-Type: text/enriched", "",
            "<bold>Now</bold> is the time for <italic>all</italic> good men",
            "<smaller>(and <<women>)</smaller> to", "come to the aid of their", "", "", "beloved <x-color><param>red</param>country</x-color>.",
            "<excerpt>quoted line</excerpt>",
        ])
        let body = MessageRenderer().render(parsed).bodyText
        #expect(body.contains("Now is the time for all good men (and <women>) to come to the aid of their\n\nbeloved country."))
        #expect(body.contains("> quoted line"))
        #expect(!body.contains("<bold>") && !body.contains("red"))
    }

    @Test func richtextIsRendered() {
        let parsed = message([
            "Content-Type: text/richtext", "",
            "<bold>Hello</bold><nl>second line with <lt>angle> and", "a wrapped source line<comment>hidden</comment><nl>",
        ])
        let body = MessageRenderer().render(parsed).bodyText
        #expect(body.contains("Hello\nsecond line with <angle> and a wrapped source line\n"))
        #expect(!body.contains("<nl>") && !body.contains("hidden"))
    }

    @Test func runsOfWhitespaceOnlyLinesBecomeOneBlankLine() {
        let parsed = message(["", "first", " ", "\t", "", "   ", "second", "", "", "third"])
        #expect(MessageRenderer().render(parsed).bodyText == "first\n\nsecond\n\nthird\n")
    }

    /// The byte-level collapse agrees with the plain definition on every short mix of
    /// letters, blanks and line breaks.
    @Test func collapsingAgreesWithTheDefinition() {
        func reference(_ text: String) -> String {
            var lines: [String] = []
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let blank = line.allSatisfy { $0 == " " || $0 == "\t" }
                if blank, lines.last == "" { continue }
                lines.append(blank ? "" : String(line))
            }
            return lines.joined(separator: "\n")
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Character] = ["a", " ", "\n", "\t", "\n"]
        for _ in 0..<3_000 {
            let text = String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(text.collapsingBlankLineRuns == reference(text), "\(text.debugDescription)")
        }
    }

    @Test func linksAreListedOnceBelowTheText() {
        let parsed = message(["Content-Type: text/html", "", "<p><a href=\"https://example.test/a\">one</a> <a href=\"https://example.test/b\">two</a></p>"])
        let rendered = MessageRenderer().render(parsed)
        #expect(rendered.links == ["https://example.test/a", "https://example.test/b"])
        #expect(!rendered.bodyText.contains("https://"), "the body holds only the [n] marks")
        let full = rendered.fullText
        #expect(full.components(separatedBy: "https://example.test/a").count == 2, "listed exactly once:\n\(full)")
        #expect(full.contains("Links:\n  [1] https://example.test/a\n  [2] https://example.test/b"))
    }
}
