import Testing
@testable import SMTPProtocol

@Suite struct DotStuffingTests {
    func stuffed(_ text: String) -> String {
        String(decoding: SMTPSession.dotStuffed(Array(text.utf8)), as: UTF8.self)
    }

    @Test func leadingDotsAreDoubledOnEveryLine() {
        #expect(stuffed(".first\r\nmiddle\r\n.\r\n..two\r\n") == "..first\r\nmiddle\r\n..\r\n...two\r\n")
    }

    @Test func bareLineFeedsBecomeCRLFAndTheEndIsTerminated() {
        #expect(stuffed("a\nb") == "a\r\nb\r\n")
        #expect(stuffed("a\r\n.b\n") == "a\r\n..b\r\n")
        #expect(stuffed("end\r") == "end\r\n")
    }

    @Test func dotsInsideLinesAreUntouched() {
        #expect(stuffed("a.b\r\n x.\r\n") == "a.b\r\n x.\r\n")
    }
}
