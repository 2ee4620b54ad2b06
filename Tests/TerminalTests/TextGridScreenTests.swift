import Terminal
import Testing

/// The in-memory screen clips by display width and never stores a control character,
/// like the real one.
@Suite struct TextGridScreenTests {
    @Test func putClipsAtTheEdgeWithoutSplittingWideCharacters() {
        let screen = TextGridScreen(rows: 2, columns: 7)
        let used = screen.put("ab日本語", row: 0, column: 0)
        #expect(used == 6)
        #expect(screen.line(0) == "ab日本 ".replacingOccurrences(of: "日本", with: "日本"))
        #expect(screen.render().split(separator: "\n").first == "ab日本")
        #expect(screen.put("xyz", row: 1, column: 5) == 2)
        #expect(screen.render().hasSuffix("     xy"))
    }

    @Test func maxWidthLimitsTheDrawing() {
        let screen = TextGridScreen(rows: 1, columns: 20)
        #expect(screen.put("hello world", row: 0, column: 2, style: .plain, maxWidth: 5) == 5)
        #expect(screen.render() == "  hello")
    }

    @Test func controlCharactersBecomeVisible() {
        let screen = TextGridScreen(rows: 1, columns: 30)
        screen.put("a\u{1B}[31mb\u{9B}c\u{7}", row: 0, column: 0)
        let text = screen.render()
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) })
        #expect(text == "a?[31mb?c?")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        let screen = TextGridScreen(rows: 1, columns: 6)
        screen.put("日本語", row: 0, column: 0)
        screen.put("x", row: 0, column: 1)
        #expect(screen.render() == " x本語")
        #expect(DisplayWidth.width(of: screen.line(0)) == 6)
    }

    @Test func combiningMarksStayWithTheirBase() {
        let screen = TextGridScreen(rows: 1, columns: 5)
        screen.put("e\u{301}x", row: 0, column: 0)
        #expect(screen.line(0) == "e\u{301}x   ")
    }

    @Test func stylesAreKeptPerCell() {
        let screen = TextGridScreen(rows: 1, columns: 4)
        let bold = Style(foreground: .red, attributes: .bold)
        screen.put("ab", row: 0, column: 1, style: bold)
        #expect(screen.style(row: 0, column: 0) == .plain)
        #expect(screen.style(row: 0, column: 2) == bold)
        screen.fill(row: 0, column: 0, width: 4, style: Style(background: .blue))
        #expect(screen.style(row: 0, column: 3).background == .blue)
        #expect(screen.render() == "")
    }

    @Test func colourNamesRoundTrip() {
        for name in ["default", "black", "red", "bright-cyan", "color200", "white"] {
            #expect(TerminalColor(name: name)?.name == name)
        }
        #expect(TerminalColor(name: "purple") == nil)
        #expect(TextAttributes(name: "bold") == .bold)
    }
}
