extension ResponseParser {
    // resp-text = ["[" resp-text-code "]" SP] [text]
    // Lenient: the SP before the text and the text itself may be missing.
    func parseResponseText(_ buffer: inout ParseBuffer) throws -> ResponseText {
        buffer.skipSpaces()
        var code: ResponseCode?
        if buffer.skip(UInt8(ascii: "[")) {
            code = try parseResponseCode(&buffer)
            try buffer.expect(UInt8(ascii: "]"))
            buffer.skipSpaces()
        }
        let text = String(decoding: buffer.restOfLine(), as: UTF8.self)
        return ResponseText(code: code, text: text.trimmingSuffixSpaces())
    }

    // resp-text-code = "ALERT" / "BADCHARSET" [SP "(" charset *(SP charset) ")" ] /
    //     capability-data / "PARSE" / "PERMANENTFLAGS" SP "(" [flag-perm *(SP flag-perm)] ")" /
    //     "READ-ONLY" / "READ-WRITE" / "TRYCREATE" / "UIDNEXT" SP nz-number /
    //     "UIDVALIDITY" SP nz-number / "UNSEEN" SP nz-number /
    //     "HIGHESTMODSEQ" SP mod-sequence-value / "NOMODSEQ" / "MODIFIED" SP sequence-set /
    //     "APPENDUID" SP nz-number SP append-uid / "COPYUID" SP nz-number SP uid-set SP uid-set /
    //     "UIDNOTSTICKY" / "CLOSED" / atom [SP 1*<any TEXT-CHAR except "]">]
    func parseResponseCode(_ buffer: inout ParseBuffer) throws -> ResponseCode {
        let name = try buffer.codeAtom().uppercased()
        switch name {
        case "ALERT": return .alert
        case "PARSE": return .parse
        case "READ-ONLY": return .readOnly
        case "READ-WRITE": return .readWrite
        case "TRYCREATE": return .tryCreate
        case "NOMODSEQ": return .noModSeq
        case "UIDNOTSTICKY": return .uidNotSticky
        case "CLOSED": return .closed
        case "AUTHENTICATIONFAILED": return .authenticationFailed
        case "AUTHORIZATIONFAILED": return .authorizationFailed
        case "UNAVAILABLE": return .unavailable
        case "EXPIRED": return .expired
        case "PRIVACYREQUIRED": return .privacyRequired
        case "CONTACTADMIN": return .contactAdmin
        case "NOPERM": return .noPermission
        case "INUSE": return .inUse
        case "EXPUNGEISSUED": return .expungeIssued
        case "CORRUPTION": return .corruption
        case "SERVERBUG": return .serverBug
        case "CLIENTBUG": return .clientBug
        case "CANNOT": return .cannot
        case "LIMIT": return .limit
        case "OVERQUOTA": return .overQuota
        case "ALREADYEXISTS": return .alreadyExists
        case "NONEXISTENT": return .nonExistent
        case "BADCHARSET":
            var charsets: [String] = []
            if buffer.peek() == 0x20, buffer.peek(1) == UInt8(ascii: "(") {
                try buffer.expectSpace()
                try buffer.expect(UInt8(ascii: "("))
                while !buffer.skip(UInt8(ascii: ")")) {
                    buffer.skipSpaces()
                    charsets.append(String(decoding: try buffer.astring(), as: UTF8.self))
                    buffer.skipSpaces()
                }
            }
            return .badCharset(charsets)
        case "CAPABILITY":
            return .capability(try parseCapabilityList(&buffer, stopAtBracket: true))
        case "PERMANENTFLAGS":
            try buffer.expectSpace()
            return .permanentFlags(try parseFlagList(&buffer))
        case "UIDNEXT":
            try buffer.expectSpace()
            return .uidNext(try buffer.number32())
        case "UIDVALIDITY":
            try buffer.expectSpace()
            return .uidValidity(UIDValidity(try buffer.number32()))
        case "UNSEEN":
            try buffer.expectSpace()
            return .unseen(try buffer.number32())
        case "HIGHESTMODSEQ":
            try buffer.expectSpace()
            return .highestModSeq(try buffer.number())
        case "MODIFIED":
            try buffer.expectSpace()
            return .modified(try buffer.parseSequenceSet())
        case "APPENDUID":
            try buffer.expectSpace()
            let validity = UIDValidity(try buffer.nzNumber())
            try buffer.expectSpace()
            return .appendUID(validity, try buffer.parseSequenceSet())
        case "COPYUID":
            try buffer.expectSpace()
            let validity = UIDValidity(try buffer.nzNumber())
            try buffer.expectSpace()
            let source = try buffer.parseSequenceSet()
            try buffer.expectSpace()
            return .copyUID(validity, source: source, destination: try buffer.parseSequenceSet())
        default:
            return .other(name: name, value: try parseRawCodeValue(&buffer))
        }
    }

    /// The text after an unknown code's name, up to its closing `]`. Brackets inside
    /// (a URL, a nested list) are balanced, and quoted strings are skipped whole.
    private func parseRawCodeValue(_ buffer: inout ParseBuffer) throws -> String? {
        guard buffer.skip(0x20) else { return nil }
        let start = buffer.index
        var open = 0
        while let byte = buffer.peek(), byte != 0x0D, byte != 0x0A {
            if byte == UInt8(ascii: "\"") {
                _ = try buffer.quoted()
                continue
            }
            if byte == UInt8(ascii: "[") { open += 1 }
            if byte == UInt8(ascii: "]") {
                if open == 0 { break }
                open -= 1
            }
            buffer.index += 1
        }
        return String(decoding: buffer.bytes[start..<buffer.index], as: UTF8.self)
    }
}

extension String {
    func trimmingSuffixSpaces() -> String {
        var result = Substring(self)
        while result.last == " " { result = result.dropLast() }
        return String(result)
    }
}
