extension ResponseParser {
    // msg-att = "(" (msg-att-dynamic / msg-att-static) *(SP (msg-att-dynamic / msg-att-static)) ")"
    // msg-att-dynamic = "FLAGS" SP "(" [flag-fetch *(SP flag-fetch)] ")"
    // msg-att-static = "ENVELOPE" SP envelope / "INTERNALDATE" SP date-time /
    //     "RFC822" [".HEADER" / ".TEXT"] SP nstring / "RFC822.SIZE" SP number64 /
    //     "BODY" ["STRUCTURE"] SP body / "BODY" section ["<" number ">"] SP nstring /
    //     "BINARY" section-binary [SP "<" number ">"] SP (nstring / literal8) /
    //     "BINARY.SIZE" section-binary SP number / "UID" SP uniqueid /
    //     "MODSEQ" SP "(" permsg-modsequence ")"
    func parseFetchAttributes(_ buffer: inout ParseBuffer) throws -> [FetchAttribute] {
        try buffer.expect(UInt8(ascii: "("))
        var attributes: [FetchAttribute] = []
        while true {
            buffer.skipSpaces()
            if buffer.skip(UInt8(ascii: ")")) { return attributes }
            attributes.append(try parseFetchAttribute(&buffer))
        }
    }

    func parseFetchAttribute(_ buffer: inout ParseBuffer) throws -> FetchAttribute {
        let name = try buffer.take(while: { ParseBuffer.isAtomChar($0) && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: "]") },
                                   expected: "a FETCH item").uppercased()
        switch name {
        case "UID":
            try buffer.expectSpace()
            return .uid(try buffer.number32())
        case "FLAGS":
            try buffer.expectSpace()
            return .flags(try parseFlagList(&buffer))
        case "MODSEQ":
            try buffer.expectSpace()
            try buffer.expect(UInt8(ascii: "("))
            buffer.skipSpaces()
            let value = try buffer.number()
            buffer.skipSpaces()
            try buffer.expect(UInt8(ascii: ")"))
            return .modSeq(value)
        case "INTERNALDATE":
            try buffer.expectSpace()
            return .internalDate(try buffer.nstringText() ?? "")
        case "RFC822.SIZE":
            try buffer.expectSpace()
            return .rfc822Size(try buffer.count())
        case "ENVELOPE":
            try buffer.expectSpace()
            return .envelope(try parseEnvelope(&buffer))
        case "BODYSTRUCTURE":
            try buffer.expectSpace()
            return .bodyStructure(try parseBody(&buffer), extensible: true)
        case "BODY" where buffer.peek() != UInt8(ascii: "["):
            try buffer.expectSpace()
            return .bodyStructure(try parseBody(&buffer), extensible: false)
        case "BODY":
            let section = try parseSection(&buffer)
            let origin = try parseOrigin(&buffer)
            try buffer.expectSpace()
            return .bodySection(section, origin: origin, data: try buffer.nstring())
        case "BINARY", "BINARY.SIZE":
            let part = try parseBinarySection(&buffer)
            if name == "BINARY.SIZE" {
                try buffer.expectSpace()
                return .binarySize(part: part, size: try buffer.count())
            }
            let origin = try parseOrigin(&buffer)
            try buffer.expectSpace()
            return .binary(part: part, origin: origin, data: try buffer.nstring())
        case "RFC822":
            try buffer.expectSpace()
            return .rfc822(try buffer.nstring())
        case "RFC822.HEADER":
            try buffer.expectSpace()
            return .rfc822Header(try buffer.nstring())
        case "RFC822.TEXT":
            try buffer.expectSpace()
            return .rfc822Text(try buffer.nstring())
        default:
            // X-GM-LABELS, PREVIEW, SAVEDATE, EMAILID, ANNOTATION …: keep generic. A
            // bracketed part of the name (`ANNOTATION[…]`) stays in the name.
            var fullName = name
            if buffer.peek() == UInt8(ascii: "[") {
                let start = buffer.index
                while let byte = buffer.peek(), byte != UInt8(ascii: "]"), byte != 0x0A { buffer.index += 1 }
                try buffer.expect(UInt8(ascii: "]"))
                fullName += String(decoding: buffer.bytes[start..<buffer.index], as: UTF8.self)
            }
            try buffer.expectSpace()
            return .other(name: fullName, value: try parseGenericValue(&buffer))
        }
    }

    // section = "[" [section-spec] "]"
    // section-spec = section-msgtext / (section-part ["." section-text])
    // section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"
    // section-part = nz-number *("." nz-number)
    // section-text = section-msgtext / "MIME"
    func parseSection(_ buffer: inout ParseBuffer) throws -> SectionSpecifier {
        try buffer.expect(UInt8(ascii: "["))
        var section = SectionSpecifier()
        while let byte = buffer.peek(), (0x30...0x39).contains(byte) {
            section.part.append(Int(try buffer.number32()))
            if !buffer.skip(UInt8(ascii: ".")) { break }
        }
        if buffer.skip(UInt8(ascii: "]")) { return section }
        let keyword = try buffer.take(while: { ParseBuffer.isAtomChar($0) && $0 != UInt8(ascii: "]") }, expected: "a section").uppercased()
        switch keyword {
        case "HEADER": section.kind = .header
        case "TEXT": section.kind = .text
        case "MIME": section.kind = .mime
        case "HEADER.FIELDS", "HEADER.FIELDS.NOT":
            try buffer.expectSpace()
            try buffer.expect(UInt8(ascii: "("))
            var fields: [String] = []
            while true {
                buffer.skipSpaces()
                if buffer.skip(UInt8(ascii: ")")) { break }
                fields.append(String(decoding: try buffer.astring(), as: UTF8.self))
            }
            section.kind = keyword == "HEADER.FIELDS" ? .headerFields(fields) : .headerFieldsNot(fields)
        default:
            throw buffer.error(expected: "HEADER, HEADER.FIELDS, TEXT or MIME")
        }
        try buffer.expect(UInt8(ascii: "]"))
        return section
    }

    // section-binary = "[" [section-part] "]"
    func parseBinarySection(_ buffer: inout ParseBuffer) throws -> [Int] {
        try buffer.expect(UInt8(ascii: "["))
        var part: [Int] = []
        while !buffer.skip(UInt8(ascii: "]")) {
            if !part.isEmpty { try buffer.expect(UInt8(ascii: ".")) }
            part.append(Int(try buffer.nzNumber()))
        }
        return part
    }

    // "<" number ">"
    func parseOrigin(_ buffer: inout ParseBuffer) throws -> Int? {
        guard buffer.skip(UInt8(ascii: "<")) else { return nil }
        let origin = try buffer.count()
        try buffer.expect(UInt8(ascii: ">"))
        return origin
    }
}
