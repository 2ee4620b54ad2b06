import Testing
@testable import MailMessage

@Suite struct DisplaySanitizerTests {
    @Test(arguments: [
        "\u{1B}[31mred\u{1B}[0m",                       // CSI colours
        "\u{1B}[6n",                                       // cursor position report request
        "\u{1B}]52;c;ZXZpbA==\u{07}",                      // OSC 52 clipboard write
        "\u{1B}]8;;https://evil.test\u{1B}\\click\u{1B}]8;;\u{1B}\\",  // OSC 8 hyperlink
        "\u{1B}P1$qm\u{1B}\\",                             // DCS
        "\u{1B}_apc payload\u{1B}\\",                      // APC
        "\u{1B}^pm\u{1B}\\", "\u{1B}Xsos\u{1B}\\",          // PM, SOS
        "\u{1B}]0;title without end",                      // unterminated OSC
        "\u{1B}[",                                         // unterminated CSI
        "\u{9B}31m8-bit CSI", "\u{9D}0;t\u{9C}",           // 8-bit C1 introducers
        "nul\u{0}bell\u{07}bs\u{08}del\u{7F}cr\r",         // C0, DEL, lone CR
        "\u{85}\u{8D}\u{9F}",                              // other C1
        "abc\u{202E}txt.exe", "\u{2066}iso\u{2069}\u{200E}\u{200F}\u{202A}\u{202D}",
    ])
    func nothingInterpretableSurvives(input: String) {
        let output = DisplaySanitizer.sanitize("before " + input + " after")
        #expect(isTerminalSafe(output), "\(output.debugDescription)")
        #expect(!output.unicodeScalars.contains("\u{1B}"))
        #expect(output.hasPrefix("before "))
    }

    @Test func bidiControlsAreShownNotObeyed() {
        #expect(DisplaySanitizer.sanitize("invoice\u{202E}fdp.exe") == "invoice<U+202E>fdp.exe")
    }

    @Test func tabsAndNewlinesKeptInBodiesNotInLines() {
        #expect(DisplaySanitizer.sanitize("a\tb\r\nc") == "a\tb\nc")
        #expect(DisplaySanitizer.sanitizeLine("a\tb\nc") == "a b c")
    }

    @Test func controlsBecomeVisible() {
        #expect(DisplaySanitizer.sanitize("a\u{07}b\u{7F}c\u{85}") == "a^Gb^?c<U+0085>")
    }

    @Test func ordinaryTextIsUntouched() {
        let text = "Grüße, 你好, مرحبا, emoji 👋🏽 and [brackets]"
        #expect(DisplaySanitizer.sanitize(text) == text)
    }
}
