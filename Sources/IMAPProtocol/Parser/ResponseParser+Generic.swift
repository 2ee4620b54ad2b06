extension ResponseParser {
    /// The values after an unknown response keyword, up to the line end.
    func parseGenericValues(_ buffer: inout ParseBuffer) throws -> [IMAPValue] {
        var values: [IMAPValue] = []
        while true {
            buffer.skipSpaces()
            guard let byte = buffer.peek(), byte != 0x0D, byte != 0x0A else { return values }
            values.append(try parseGenericValue(&buffer))
        }
    }

    // A lenient s-expression: "(" values ")" / quoted / literal / NIL / atom, where an
    // atom may hold brackets (`BODY[HEADER]`, `[Gmail]/Sent`).
    func parseGenericValue(_ buffer: inout ParseBuffer) throws -> IMAPValue {
        if buffer.skip(UInt8(ascii: "(")) {
            try buffer.enter()
            defer { buffer.leave() }
            var items: [IMAPValue] = []
            while true {
                buffer.skipSpaces()
                if buffer.skip(UInt8(ascii: ")")) { return .list(items) }
                guard let byte = buffer.peek(), byte != 0x0D, byte != 0x0A else {
                    throw buffer.error(expected: "\")\"")
                }
                items.append(try parseGenericValue(&buffer))
            }
        }
        if buffer.peek() == UInt8(ascii: "\"") || buffer.atLiteral {
            return .string(try buffer.string())
        }
        let atom = try buffer.atom()
        return atom.uppercased() == "NIL" ? .nil : .atom(atom)
    }

}
