/// Splits the server's byte stream into whole responses before any grammar runs.
///
/// A response ends at a line end (CRLF, or a bare LF from a sloppy server) that is
/// not announced as followed by a literal: a line ending in `{n}`, `{n+}` or `~{n}`
/// continues after `n` more bytes. `nextFrame()` returning nil is the normal
/// "incomplete: feed more bytes" result. Literal sizes and line lengths are checked
/// against `ParserLimits` from the announcement alone, so an absurd count such as
/// `{4294967296}` is an error before a single byte is allocated for it.
public struct ResponseFramer: Sendable {
    public let limits: ParserLimits
    private var buffer: [UInt8] = []
    /// Where the frame being assembled starts.
    private var frameStart = 0
    /// Where scanning resumes: the start of the next line or literal.
    private var cursor = 0
    /// Literal bytes still to arrive before the frame's next line.
    private var literalRemaining = 0

    public init(limits: ParserLimits = .standard) {
        self.limits = limits
    }

    /// Adds bytes received from the server.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Literal bytes the current frame still waits for; 0 when it waits for a line.
    public var pendingLiteralBytes: Int {
        max(0, literalRemaining - (buffer.count - cursor))
    }

    /// Bytes received but not yet returned in a frame.
    public var bufferedByteCount: Int { buffer.count - frameStart }

    /// Forgets every buffered byte; used after STARTTLS so nothing received in plain
    /// text is ever parsed.
    public mutating func reset() {
        buffer = []
        frameStart = 0
        cursor = 0
        literalRemaining = 0
    }

    /// The next complete response (lines and literals, line ends included), or nil
    /// when more bytes are needed.
    public mutating func nextFrame() throws -> [UInt8]? {
        while true {
            if literalRemaining > 0 {
                let available = buffer.count - cursor
                guard available >= literalRemaining else { return nil }
                cursor += literalRemaining
                literalRemaining = 0
            }
            guard let newline = buffer[cursor...].firstIndex(of: 0x0A) else {
                if buffer.count - cursor > limits.maximumLineLength + 1 {
                    throw IMAPProtocolError.lineTooLong(limit: limits.maximumLineLength)
                }
                return nil
            }
            var lineEnd = newline
            if lineEnd > cursor, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            if lineEnd - cursor > limits.maximumLineLength {
                throw IMAPProtocolError.lineTooLong(limit: limits.maximumLineLength)
            }
            let literal = try Self.announcedLiteral(buffer[cursor..<lineEnd], limit: limits.maximumLiteralSize)
            cursor = newline + 1
            if let literal {
                literalRemaining = literal
                continue
            }
            let frame = Array(buffer[frameStart..<cursor])
            frameStart = cursor
            compact()
            return frame
        }
    }

    /// The size of the literal announced at the end of `line` (`{n}`, `{n+}`, `{n-}`, `~{n}`), if any.
    static func announcedLiteral(_ line: ArraySlice<UInt8>, limit: Int) throws -> Int? {
        guard line.last == UInt8(ascii: "}") else { return nil }
        var index = line.endIndex - 1
        if index > line.startIndex, line[index - 1] == UInt8(ascii: "+") || line[index - 1] == UInt8(ascii: "-") { index -= 1 }
        let digitsEnd = index
        while index > line.startIndex, (0x30...0x39).contains(line[index - 1]) { index -= 1 }
        let digitsStart = index
        guard digitsStart < digitsEnd, digitsStart > line.startIndex, line[digitsStart - 1] == UInt8(ascii: "{") else { return nil }
        let digits = line[digitsStart..<digitsEnd]
        var value = 0
        for digit in digits {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(digit - 0x30))
            if overflow1 || overflow2 || sum > limit {
                throw IMAPProtocolError.literalTooLarge(size: String(decoding: digits, as: UTF8.self), limit: limit)
            }
            value = sum
        }
        return value
    }

    private mutating func compact() {
        if frameStart == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.count < 1 << 16)
            frameStart = 0
            cursor = 0
        } else if frameStart > 1 << 16, frameStart > buffer.count / 2 {
            buffer.removeSubrange(0..<frameStart)
            cursor -= frameStart
            frameStart = 0
        }
    }
}
