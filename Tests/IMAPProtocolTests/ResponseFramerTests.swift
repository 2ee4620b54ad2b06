import Testing
@testable import IMAPProtocol

/// The framer cuts responses at line ends and literal boundaries, and refuses absurd sizes early.
@Suite struct ResponseFramerTests {
    func frames(_ text: String, limits: ParserLimits = .standard) throws -> [String] {
        var framer = ResponseFramer(limits: limits)
        framer.append(Array(text.utf8))
        var result: [String] = []
        while let frame = try framer.nextFrame() { result.append(String(decoding: frame, as: UTF8.self)) }
        return result
    }

    @Test func splitsAtLineEnds() throws {
        #expect(try frames("* OK a\r\n* OK b\r\nA1 OK c\r\n") == ["* OK a\r\n", "* OK b\r\n", "A1 OK c\r\n"])
    }

    @Test func bareLineFeedEndsALine() throws {
        #expect(try frames("* OK a\n* OK b\n") == ["* OK a\n", "* OK b\n"])
    }

    @Test func incompleteIsNormal() throws {
        var framer = ResponseFramer()
        framer.append(Array("* 1 FETCH (BODY[] {10}\r\n01234".utf8))
        #expect(try framer.nextFrame() == nil)
        #expect(framer.pendingLiteralBytes == 5)
        framer.append(Array("56789)\r".utf8))
        #expect(try framer.nextFrame() == nil)
        framer.append([0x0A])
        #expect(try framer.nextFrame() == Array("* 1 FETCH (BODY[] {10}\r\n0123456789)\r\n".utf8))
        #expect(framer.bufferedByteCount == 0)
    }

    @Test(arguments: ["{5}", "{5+}", "~{5}"])
    func literalKinds(_ marker: String) throws {
        let text = "* 1 FETCH (BINARY[] \(marker)\r\na\r\nb)\r\nA1 OK\r\n"
        #expect(try frames(text).count == 2)
    }

    @Test func literalMayHoldWhatLooksLikeALineEnd() throws {
        let text = "* LIST () \"/\" {7}\r\na\r\n* OK\r\n"
        // The literal's CRLF and the fake "* OK" do not end the response early.
        #expect(try frames(text) == ["* LIST () \"/\" {7}\r\na\r\n* OK\r\n"])
    }

    @Test func absurdLiteralIsRefusedBeforeAllocation() throws {
        var framer = ResponseFramer()
        framer.append(Array("* 1 FETCH (BODY[] {4294967296}\r\n".utf8))
        #expect(throws: IMAPProtocolError.literalTooLarge(size: "4294967296", limit: 64 << 20)) { try framer.nextFrame() }
        // Even a count that overflows 64 bits is a clean error.
        var framer2 = ResponseFramer()
        framer2.append(Array("* 1 FETCH (BODY[] {99999999999999999999999999}\r\n".utf8))
        #expect(throws: IMAPProtocolError.self) { try framer2.nextFrame() }
    }

    @Test func literalLimitIsConfigurable() throws {
        let limits = ParserLimits(maximumLiteralSize: 4)
        #expect(throws: IMAPProtocolError.literalTooLarge(size: "5", limit: 4)) { try frames("* X {5}\r\n12345\r\n", limits: limits) }
        #expect(try frames("* X {4}\r\n1234\r\n", limits: limits).count == 1)
    }

    @Test func neverEndingLineIsRefused() throws {
        var framer = ResponseFramer(limits: ParserLimits(maximumLineLength: 1000))
        for _ in 0..<5 {
            framer.append([UInt8](repeating: UInt8(ascii: "a"), count: 300))
        }
        #expect(throws: IMAPProtocolError.lineTooLong(limit: 1000)) { try framer.nextFrame() }
    }

    @Test func longLineWithEndIsRefusedToo() throws {
        let line = "* OK " + String(repeating: "x", count: 2000) + "\r\n"
        #expect(throws: IMAPProtocolError.lineTooLong(limit: 1000)) { try frames(line, limits: ParserLimits(maximumLineLength: 1000)) }
    }

    @Test func resetForgetsEverything() throws {
        var framer = ResponseFramer()
        framer.append(Array("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n* OK inj".utf8))
        framer.reset()
        #expect(framer.bufferedByteCount == 0)
        #expect(try framer.nextFrame() == nil)
    }
}
