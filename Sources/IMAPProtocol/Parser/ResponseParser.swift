/// Turns framed server responses into `Response` values (RFC 3501, RFC 9051 and extensions).
///
/// It is sans-I/O: feed it the frames `ResponseFramer` cuts from the byte stream.
/// It is liberal in what it accepts (each tolerated server quirk has a test) and
/// bounded in what it costs (`ParserLimits`). Grammar areas live in
/// `ResponseParser+*.swift`, each parse function under its ABNF rule.
public struct ResponseParser: Sendable {
    public var limits: ParserLimits
    /// Whether mailbox names are UTF-8 (after ENABLE UTF8=ACCEPT) rather than modified UTF-7.
    public var utf8MailboxNames: Bool

    public init(limits: ParserLimits = .standard, utf8MailboxNames: Bool = false) {
        self.limits = limits
        self.utf8MailboxNames = utf8MailboxNames
    }

    // response = continue-req / response-data / response-tagged
    /// Parses one complete frame (as `ResponseFramer.nextFrame()` returns it).
    public func parse(_ frame: [UInt8]) throws -> Response {
        var buffer = ParseBuffer(frame, maximumDepth: limits.maximumNestingDepth)
        let response: Response
        if buffer.skip(UInt8(ascii: "+")) {
            response = .continuation(try parseContinuation(&buffer))
        } else if buffer.peek() == UInt8(ascii: "*"), buffer.peek(1) == 0x20 {
            buffer.index += 2
            buffer.skipSpaces()
            response = .untagged(try parseUntagged(&buffer))
        } else {
            response = .tagged(try parseTagged(&buffer))
        }
        try buffer.expectLineEnd()
        return response
    }

    /// Frames and parses a whole byte string; throws if it ends inside a response.
    public func parseAll(_ bytes: [UInt8]) throws -> [Response] {
        var framer = ResponseFramer(limits: limits)
        framer.append(bytes)
        var responses: [Response] = []
        while let frame = try framer.nextFrame() {
            responses.append(try parse(frame))
        }
        guard framer.bufferedByteCount == 0 else {
            throw IMAPProtocolError.malformed(expected: "a complete response", offset: bytes.count, found: "the end of the input")
        }
        return responses
    }

    // continue-req = "+" [SP] (resp-text / base64) CRLF
    func parseContinuation(_ buffer: inout ParseBuffer) throws -> [UInt8] {
        _ = buffer.skip(0x20)
        return buffer.restOfLine()
    }

    // response-tagged = tag SP resp-cond-state CRLF
    // resp-cond-state = ("OK" / "NO" / "BAD") SP resp-text
    func parseTagged(_ buffer: inout ParseBuffer) throws -> TaggedResponse {
        let tag = try buffer.take(while: { ParseBuffer.isAtomChar($0) && $0 != UInt8(ascii: "+") }, expected: "a tag")
        try buffer.expectSpace()
        let status: ResponseStatus
        if buffer.skipKeyword("OK") {
            status = .ok
        } else if buffer.skipKeyword("NO") {
            status = .no
        } else if buffer.skipKeyword("BAD") {
            status = .bad
        } else {
            throw buffer.error(expected: "OK, NO or BAD")
        }
        return TaggedResponse(tag: tag, status: status, text: try parseResponseText(&buffer))
    }

    /// Reads a mailbox name (`mailbox = "INBOX" / astring`).
    func parseMailbox(_ buffer: inout ParseBuffer) throws -> MailboxName {
        let bytes = try buffer.astring()
        let name = MailboxName(wireBytes: bytes, utf8: utf8MailboxNames)
        return name.isInbox ? .inbox : name
    }
}
