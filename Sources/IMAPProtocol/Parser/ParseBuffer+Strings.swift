extension ParseBuffer {
    // quoted = DQUOTE *QUOTED-CHAR DQUOTE
    // QUOTED-CHAR = <any TEXT-CHAR except quoted-specials> / "\" quoted-specials
    mutating func quoted() throws -> [UInt8] {
        try expect(UInt8(ascii: "\""))
        var result: [UInt8] = []
        while true {
            guard let byte = peek(), byte != 0x0A, byte != 0x0D else { throw error(expected: "the closing quote") }
            index += 1
            if byte == UInt8(ascii: "\"") { return result }
            if byte == UInt8(ascii: "\\"), let next = peek(), next != 0x0A, next != 0x0D {
                // Lenient: any escaped byte stands for itself.
                result.append(next)
                index += 1
            } else {
                result.append(byte)
            }
        }
    }

    // literal = "{" number64 ["+"] "}" CRLF *CHAR8
    // literal8 = "~{" number64 "}" CRLF *OCTET  (RFC 3516)
    // The framer has already checked the size against the limit and that the bytes are there.
    mutating func literal() throws -> [UInt8] {
        _ = skip(UInt8(ascii: "~"))
        try expect(UInt8(ascii: "{"))
        let size = try number()
        _ = skip(UInt8(ascii: "+")) || skip(UInt8(ascii: "-"))
        try expect(UInt8(ascii: "}"))
        _ = skip(0x0D)
        try expect(0x0A)
        guard size <= UInt64(bytes.count - index) else { throw error(expected: "\(size) literal bytes") }
        let result = Array(bytes[index..<(index + Int(size))])
        index += Int(size)
        return result
    }

    var atLiteral: Bool {
        peek() == UInt8(ascii: "{") || (peek() == UInt8(ascii: "~") && peek(1) == UInt8(ascii: "{"))
    }

    // string = quoted / literal
    mutating func string() throws -> [UInt8] {
        if peek() == UInt8(ascii: "\"") { return try quoted() }
        if atLiteral { return try literal() }
        throw error(expected: "a string")
    }

    // nstring = string / nil
    mutating func nstring() throws -> [UInt8]? {
        if skipKeyword("NIL") { return nil }
        return try string()
    }

    /// `nstring` as text, lenient: an atom where a string belongs is taken as the
    /// string, and `()` where NIL belongs is NIL.
    mutating func nstringText() throws -> String? {
        if skipKeyword("NIL") { return nil }
        if peek() == UInt8(ascii: "("), peek(1) == UInt8(ascii: ")") {
            index += 2
            return nil
        }
        if peek() == UInt8(ascii: "\"") || atLiteral {
            return String(decoding: try string(), as: UTF8.self)
        }
        return try atom()
    }

    /// `string` as text, lenient: NIL gives "", an atom is accepted.
    mutating func stringText() throws -> String {
        try nstringText() ?? ""
    }

    // astring = 1*ASTRING-CHAR / string
    mutating func astring() throws -> [UInt8] {
        if peek() == UInt8(ascii: "\"") || atLiteral { return try string() }
        let start = index
        while let byte = peek(), Self.isAtomChar(byte) { index += 1 }
        guard index > start else { throw error(expected: "an atom or string") }
        return Array(bytes[start..<index])
    }
}
