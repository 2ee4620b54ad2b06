import Terminal
import Testing

/// Display widths decide where every column starts; these pin the cases that break
/// alignment in real mail: CJK, emoji, combining marks and zero-width characters.
@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("abc", 3), ("", 0), ("日本語", 6), ("한국어", 6), ("Ｆｕｌｌ", 8), ("ｶﾀｶﾅ", 4),
        ("📷", 2), ("👍🏽", 2), ("❤️", 2), ("🇩🇪", 2), ("1️⃣", 2), ("👨‍👩‍👧", 2),
        ("e\u{301}", 1), ("Zoë Ñúñez", 9), ("a\u{200B}b", 2), ("a\u{200D}b", 2), ("\u{FEFF}x", 1),
        ("한", 2), ("\u{1100}\u{1161}", 2), ("Отчёт", 5), ("x\u{20DD}", 1),
    ])
    func widths(text: String, expected: Int) {
        #expect(DisplayWidth.width(of: text) == expected, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func controlsTakeNoColumns() {
        #expect(DisplayWidth.width(of: Unicode.Scalar(0x1B)) == 0)
        #expect(DisplayWidth.width(of: Unicode.Scalar(0x9B)) == 0)
        #expect(DisplayWidth.width(of: Unicode.Scalar(0x07)) == 0)
    }

    @Test func truncateNeverSplitsAWideCharacter() {
        #expect(DisplayWidth.truncate("日本語のテキスト", to: 7) == "日本語…")
        #expect(DisplayWidth.width(of: DisplayWidth.truncate("日本語のテキスト", to: 7)) == 7)
        #expect(DisplayWidth.truncate("日本語のテキスト", to: 6) == "日本…")
        #expect(DisplayWidth.width(of: DisplayWidth.truncate("日本語のテキスト", to: 6)) == 5)
        #expect(DisplayWidth.truncate("short", to: 10) == "short")
        #expect(DisplayWidth.truncate("abcdef", to: 4) == "abc…")
        #expect(DisplayWidth.truncate("abcdef", to: 1) == "a")
        #expect(DisplayWidth.truncate("e\u{301}e\u{301}e\u{301}", to: 2) == "e\u{301}…")
    }

    @Test func fitPadsToExactlyTheWidth() {
        for text in ["Trip photos 📷", "山田 太郎", "Björk Guðmundsdóttir", "e\u{301}t\u{E9}", ""] {
            for width in 1...20 {
                #expect(DisplayWidth.width(of: DisplayWidth.fit(text, to: width)) == width, "\(text) at \(width)")
                #expect(DisplayWidth.width(of: DisplayWidth.fitRight(text, to: width)) == width)
            }
        }
    }

    @Test func wrapBreaksAtSpacesAndKeepsEveryPieceInsideTheWidth() {
        let line = "The build failed on the Linux runner, but only with the release configuration."
        let pieces = DisplayWidth.wrap(line, to: 20)
        #expect(pieces.allSatisfy { DisplayWidth.width(of: $0) <= 20 })
        #expect(pieces.first == "The build failed on")
        #expect(pieces.joined(separator: " ") == line)
        let cjk = DisplayWidth.wrap("会議の議事録を送ります。確認してください。", to: 9)
        #expect(cjk.allSatisfy { DisplayWidth.width(of: $0) <= 9 })
        #expect(cjk.joined() == "会議の議事録を送ります。確認してください。")
    }

    /// Measuring and cutting scalar by scalar (simple text) must agree with doing it
    /// cluster by cluster, for text that mixes simple scalars with ones that join.
    @Test func theScalarPathAgreesWithTheClusterPath() {
        let pieces = ["a", "Z", " ", "é", "e\u{301}", "Ω", "Ж", "д\u{483}", "日", "カ", "ｶ", "ｶﾞ", "\u{FF9E}", "한",
                      "\u{1100}\u{1161}\u{11A8}", "가\u{11A8}", "👍", "👍🏽", "❤️", "🇩🇪", "1️⃣", "\u{200D}", "\u{302E}",
                      "क\u{093E}", "‰", "€", "\u{2028}", "\t", "\u{1B}", "ア\u{3099}", "\u{FEFF}", "\u{0600}1"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let slow = text.reduce(0) { $0 + DisplayWidth.width(of: $1) }
            #expect(DisplayWidth.width(of: text) == slow, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            for columns in 0...12 {
                let fast = DisplayWidth.prefix(text, fitting: columns)
                var used = 0
                var end = text.startIndex
                for index in text.indices {
                    let width = DisplayWidth.width(of: text[index])
                    if used + width > columns { break }
                    used += width
                    end = text.index(after: index)
                }
                #expect(fast.text == String(text[..<end]) && fast.width == used,
                        "\(text.unicodeScalars.map { String($0.value, radix: 16) }) in \(columns)")
            }
        }
    }
}
