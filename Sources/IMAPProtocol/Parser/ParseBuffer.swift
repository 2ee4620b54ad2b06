/// A read cursor over one framed response, with the primitive IMAP tokens.
///
/// Grammar functions in `ResponseParser+*.swift` take it `inout`. It tracks list
/// nesting against a limit so hostile input cannot exhaust the stack.
struct ParseBuffer {
    let bytes: [UInt8]
    var index = 0
    private(set) var depth = 0
    let maximumDepth: Int

    init(_ bytes: [UInt8], maximumDepth: Int = ParserLimits.standard.maximumNestingDepth) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    var isAtEnd: Bool { index >= bytes.count }

    func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    func error(expected: String) -> IMAPProtocolError {
        let end = min(bytes.count, index + 24)
        let found = index >= bytes.count
            ? "the end of the response"
            : "\"" + String(decoding: bytes[index..<end].map { $0 < 0x20 || $0 >= 0x7F ? UInt8(ascii: "?") : $0 }, as: UTF8.self) + "\""
        return .malformed(expected: expected, offset: index, found: found)
    }

    /// Enters one level of nesting; throws past the limit.
    mutating func enter() throws {
        depth += 1
        if depth > maximumDepth { throw IMAPProtocolError.nestingTooDeep(limit: maximumDepth) }
    }

    mutating func leave() {
        depth -= 1
    }

    /// Consumes `byte` if it is next.
    mutating func skip(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    mutating func expect(_ byte: UInt8) throws {
        guard skip(byte) else { throw error(expected: "\"\(Character(Unicode.Scalar(byte)))\"") }
    }

    /// Consumes `keyword` (ASCII, case-insensitive) if it is next and not followed by
    /// more atom characters.
    mutating func skipKeyword(_ keyword: String) -> Bool {
        let word = Array(keyword.utf8)
        guard index + word.count <= bytes.count else { return false }
        for (offset, expected) in word.enumerated() where Self.lower(bytes[index + offset]) != Self.lower(expected) {
            return false
        }
        if let next = peek(word.count), Self.isAtomChar(next), Self.isAtomChar(word.last!) { return false }
        index += word.count
        return true
    }

    mutating func expectKeyword(_ keyword: String) throws {
        guard skipKeyword(keyword) else { throw error(expected: keyword) }
    }

    /// One or more spaces; servers sometimes send two.
    mutating func expectSpace() throws {
        guard skip(0x20) else { throw error(expected: "a space") }
        skipSpaces()
    }

    mutating func skipSpaces() {
        while peek() == 0x20 { index += 1 }
    }

    /// Whether only spaces and the line end remain.
    var atLineEnd: Bool {
        var probe = index
        while probe < bytes.count, bytes[probe] == 0x20 { probe += 1 }
        return probe >= bytes.count || bytes[probe] == 0x0D || bytes[probe] == 0x0A
    }

    /// The line end, tolerating trailing spaces and a bare LF.
    mutating func expectLineEnd() throws {
        skipSpaces()
        _ = skip(0x0D)
        guard skip(0x0A) || isAtEnd else { throw error(expected: "the end of the line") }
        guard isAtEnd else { throw error(expected: "the end of the response") }
    }

    /// The bytes up to the line end (not consumed).
    mutating func restOfLine() -> [UInt8] {
        let start = index
        while let byte = peek(), byte != 0x0D, byte != 0x0A { index += 1 }
        return Array(bytes[start..<index])
    }

    // MARK: - Tokens

    static func lower(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }

    /// ATOM-CHAR, plus `]` and `\` and `*`, which real servers put in flags and atoms.
    static func isAtomChar(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x00...0x20, 0x7F, UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "\""):
            return false
        default:
            return true
        }
    }

    /// A run of bytes accepted by `allowed`; throws when empty.
    mutating func take(while allowed: (UInt8) -> Bool, expected: String) throws -> String {
        let start = index
        while let byte = peek(), allowed(byte) { index += 1 }
        guard index > start else { throw error(expected: expected) }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// An atom (`1*ATOM-CHAR`), lenient about `]`.
    mutating func atom() throws -> String {
        try take(while: Self.isAtomChar, expected: "an atom")
    }

    /// An atom that stops at `]` too (inside response codes and sections).
    mutating func codeAtom() throws -> String {
        try take(while: { Self.isAtomChar($0) && $0 != UInt8(ascii: "]") && $0 != UInt8(ascii: "[") }, expected: "an atom")
    }

    /// `number` (RFC 9051: 1*DIGIT, here up to 63 bits).
    mutating func number() throws -> UInt64 {
        let start = index
        var value: UInt64 = 0
        while let byte = peek(), (0x30...0x39).contains(byte) {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - 0x30))
            guard !overflow1, !overflow2, sum <= UInt64(Int64.max) else { throw error(expected: "a number that fits 63 bits") }
            value = sum
            index += 1
        }
        guard index > start else { throw error(expected: "a number") }
        return value
    }

    /// `number` that fits 32 bits (sequence numbers, UIDs, counts).
    mutating func number32() throws -> UInt32 {
        let start = index
        let value = try number()
        guard value <= UInt64(UInt32.max) else {
            index = start
            throw error(expected: "a 32-bit number")
        }
        return UInt32(value)
    }

    /// `nz-number`.
    mutating func nzNumber() throws -> UInt32 {
        let start = index
        let value = try number32()
        guard value != 0 else {
            index = start
            throw error(expected: "a non-zero number")
        }
        return value
    }

    mutating func count() throws -> Int {
        Int(try number())
    }
}
