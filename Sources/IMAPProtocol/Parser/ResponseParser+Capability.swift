extension ResponseParser {
    // capability-data = "CAPABILITY" *(SP capability) SP "IMAP4rev1" *(SP capability)
    // capability = ("AUTH=" auth-type) / atom
    // Lenient: any order, trailing spaces, no IMAP4rev1 required.
    func parseCapabilityList(_ buffer: inout ParseBuffer, stopAtBracket: Bool) throws -> [Capability] {
        var capabilities: [Capability] = []
        while buffer.peek() == 0x20 {
            buffer.skipSpaces()
            guard let byte = buffer.peek(), byte != 0x0D, byte != 0x0A, !(stopAtBracket && byte == UInt8(ascii: "]")) else { break }
            let atom = stopAtBracket ? try buffer.codeAtom() : try buffer.atom()
            capabilities.append(Capability(atom))
        }
        return capabilities
    }

    // flag-list = "(" [flag *(SP flag)] ")"
    // flag = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" / flag-keyword / flag-extension
    // flag-perm = flag / "\*"
    // Lenient: flags may contain "]" (Gmail), be quoted, or be separated by several spaces.
    func parseFlagList(_ buffer: inout ParseBuffer) throws -> [Flag] {
        try buffer.expect(UInt8(ascii: "("))
        var flags: [Flag] = []
        while true {
            buffer.skipSpaces()
            if buffer.skip(UInt8(ascii: ")")) { return flags }
            if buffer.peek() == UInt8(ascii: "\"") {
                flags.append(Flag(String(decoding: try buffer.quoted(), as: UTF8.self)))
            } else {
                flags.append(Flag(try buffer.atom()))
            }
        }
    }
}
