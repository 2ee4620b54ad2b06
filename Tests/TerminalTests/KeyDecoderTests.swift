@preconcurrency import CNcursesw
import Terminal
import Testing

/// Raw terminal input to keys: characters, controls, Alt via ESC, ncurses key codes.
@Suite struct KeyDecoderTests {
    @Test(arguments: [
        (RawInput.character(0x6A), Key.character("j")),
        (.character(0x47), .character("G")),
        (.character(0x8A9E), .character("語")),
        (.character(0xE9), .character("é")),
        (.character(0x20), .character(" ")),
        (.character(0x0D), .enter), (.character(0x0A), .enter),
        (.character(0x09), .tab), (.character(0x7F), .backspace), (.character(0x08), .backspace),
        (.character(0x01), .ctrl("a")), (.character(0x1A), .ctrl("z")), (.character(0x0C), .ctrl("l")),
        (.character(0x03), .ctrl("c")),
        (.keyCode(KEY_UP), .up), (.keyCode(KEY_DOWN), .down), (.keyCode(KEY_LEFT), .left), (.keyCode(KEY_RIGHT), .right),
        (.keyCode(KEY_PPAGE), .pageUp), (.keyCode(KEY_NPAGE), .pageDown),
        (.keyCode(KEY_HOME), .home), (.keyCode(KEY_END), .end), (.keyCode(KEY_DC), .delete),
        (.keyCode(KEY_BACKSPACE), .backspace), (.keyCode(KEY_ENTER), .enter), (.keyCode(KEY_BTAB), .backTab),
        (.keyCode(KEY_RESIZE), .resize),
        (.keyCode(KEY_F0 + 1), .function(1)), (.keyCode(KEY_F0 + 12), .function(12)),
        (.mouse(MouseEvent(.wheelDown, row: 3, column: 4)), .mouse(MouseEvent(.wheelDown, row: 3, column: 4))),
        (.mouse(MouseEvent(.leftClick, row: 0, column: 9)), .mouse(MouseEvent(.leftClick, row: 0, column: 9))),
    ])
    func single(raw: RawInput, expected: Key) {
        #expect(KeyDecoder.decodeSingle(raw) == expected)
    }

    @Test func escapeThenCharacterIsAlt() {
        var decoder = KeyDecoder()
        #expect(decoder.feed(.character(0x1B)).isEmpty)
        #expect(decoder.isWaitingAfterEscape)
        #expect(decoder.feed(.character(0x78)) == [.alt("x")])
        #expect(!decoder.isWaitingAfterEscape)
    }

    @Test func loneEscapeIsEscapeAfterTheDelay() {
        var decoder = KeyDecoder()
        #expect(decoder.feed(.character(0x1B)).isEmpty)
        #expect(decoder.flush() == .escape)
        #expect(decoder.flush() == nil)
    }

    @Test func escapeBeforeASpecialKeyIsBothKeys() {
        var decoder = KeyDecoder()
        _ = decoder.feed(.character(0x1B))
        #expect(decoder.feed(.keyCode(KEY_UP)) == [.escape, .up])
        _ = decoder.feed(.character(0x1B))
        #expect(decoder.feed(.character(0x1B)) == [.escape, .escape])
    }

    @Test func c1ControlsAreDropped() {
        #expect(KeyDecoder.decodeSingle(.character(0x9B)) == nil)
        #expect(KeyDecoder.decodeSingle(.keyCode(0o777)) == nil)
    }

    @Test func descriptionsForTheHelpScreen() {
        #expect(Key.ctrl("f").description == "Ctrl-F")
        #expect(Key.alt("x").description == "Alt-x")
        #expect(Key.character(" ").description == "Space")
        #expect(Key.function(5).description == "F5")
        #expect(Key.pageDown.description == "PgDn")
    }
}
