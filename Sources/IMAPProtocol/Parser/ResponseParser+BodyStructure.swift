extension ResponseParser {
    // body = "(" (body-type-1part / body-type-mpart) ")"
    // Nesting is bounded by `ParserLimits.maximumNestingDepth`.
    func parseBody(_ buffer: inout ParseBuffer) throws -> BodyStructure {
        try buffer.expect(UInt8(ascii: "("))
        try buffer.enter()
        defer { buffer.leave() }
        buffer.skipSpaces()
        let body: BodyStructure = buffer.peek() == UInt8(ascii: "(")
            ? .multipart(try parseMultipart(&buffer))
            : .singlepart(try parseSinglePart(&buffer))
        buffer.skipSpaces()
        try buffer.expect(UInt8(ascii: ")"))
        return body
    }

    // body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
    // body-ext-mpart = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
    func parseMultipart(_ buffer: inout ParseBuffer) throws -> BodyStructure.Multipart {
        var parts: [BodyStructure] = []
        while buffer.peek() == UInt8(ascii: "(") {
            parts.append(try parseBody(&buffer))
            buffer.skipSpaces()
        }
        let subtype = try buffer.stringText()
        var multipart = BodyStructure.Multipart(parts: parts, subtype: subtype)
        guard hasMoreFields(&buffer) else { return multipart }
        var extensionData = BodyExtension(parameters: try parseBodyParameters(&buffer))
        try parseCommonExtension(&buffer, into: &extensionData)
        multipart.extensionData = extensionData
        return multipart
    }

    // body-type-1part = (body-type-basic / body-type-msg / body-type-text) [SP body-ext-1part]
    // body-type-basic = media-basic SP body-fields
    // body-type-msg = media-message SP body-fields SP envelope SP body SP body-fld-lines
    // body-type-text = media-text SP body-fields SP body-fld-lines
    // body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP body-fld-octets
    // body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
    func parseSinglePart(_ buffer: inout ParseBuffer) throws -> BodyStructure.SinglePart {
        let type = try buffer.stringText()
        buffer.skipSpaces()
        let subtype = try buffer.stringText()
        buffer.skipSpaces()
        let parameters = try parseBodyParameters(&buffer)
        buffer.skipSpaces()
        let id = try buffer.nstringText()
        buffer.skipSpaces()
        let description = try buffer.nstringText()
        buffer.skipSpaces()
        let encoding = try buffer.nstringText() ?? ""
        buffer.skipSpaces()
        let size = try parseLenientNumber(&buffer)
        var part = BodyStructure.SinglePart(type: type, subtype: subtype, parameters: parameters, id: id,
                                            description: description, encoding: encoding, size: size)
        let lowerType = type.lowercased(), lowerSubtype = subtype.lowercased()
        if lowerType == "message", lowerSubtype == "rfc822" || lowerSubtype == "global" {
            // Some servers send message/rfc822 without the envelope and body: then it is basic.
            var probe = buffer
            probe.skipSpaces()
            if probe.peek() == UInt8(ascii: "(") {
                buffer = probe
                let envelope = try parseEnvelope(&buffer)
                buffer.skipSpaces()
                let inner = try parseBody(&buffer)
                buffer.skipSpaces()
                part.kind = .message(envelope: envelope, body: inner, lineCount: try parseLenientNumber(&buffer))
            }
        } else if lowerType == "text", hasMoreFields(&buffer) {
            part.kind = .text(lineCount: try parseLenientNumber(&buffer))
        }
        guard hasMoreFields(&buffer) else { return part }
        var extensionData = BodyExtension(md5: try buffer.nstringText())
        try parseCommonExtension(&buffer, into: &extensionData)
        part.extensionData = extensionData
        return part
    }

    /// Skips spaces; whether another field follows before the closing parenthesis.
    private func hasMoreFields(_ buffer: inout ParseBuffer) -> Bool {
        buffer.skipSpaces()
        guard let byte = buffer.peek() else { return false }
        return byte != UInt8(ascii: ")") && byte != 0x0D && byte != 0x0A
    }

    // [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
    private func parseCommonExtension(_ buffer: inout ParseBuffer, into data: inout BodyExtension) throws {
        guard hasMoreFields(&buffer) else { return }
        data.disposition = try parseDisposition(&buffer)
        guard hasMoreFields(&buffer) else { return }
        data.language = try parseLanguage(&buffer)
        guard hasMoreFields(&buffer) else { return }
        data.location = try buffer.nstringText()
        while hasMoreFields(&buffer) {
            data.extensions.append(try parseGenericValue(&buffer))
        }
    }

    // body-fld-param = "(" string SP string *(SP string SP string) ")" / nil
    // Lenient: `()`, NIL values, an odd count.
    func parseBodyParameters(_ buffer: inout ParseBuffer) throws -> [BodyParameter] {
        if buffer.skipKeyword("NIL") { return [] }
        guard buffer.peek() == UInt8(ascii: "(") else {
            _ = try buffer.nstringText()
            return []
        }
        buffer.index += 1
        var parameters: [BodyParameter] = []
        while true {
            buffer.skipSpaces()
            if buffer.skip(UInt8(ascii: ")")) { return parameters }
            let name = try buffer.stringText()
            buffer.skipSpaces()
            if buffer.skip(UInt8(ascii: ")")) { return parameters }
            parameters.append(BodyParameter(name, try buffer.stringText()))
        }
    }

    // body-fld-dsp = "(" string SP body-fld-param ")" / nil
    // Lenient: `()` or a bare string.
    func parseDisposition(_ buffer: inout ParseBuffer) throws -> BodyDisposition? {
        guard buffer.skip(UInt8(ascii: "(")) else {
            return try buffer.nstringText().map { BodyDisposition(kind: $0) }
        }
        buffer.skipSpaces()
        if buffer.skip(UInt8(ascii: ")")) { return nil }
        let kind = try buffer.stringText()
        buffer.skipSpaces()
        var parameters: [BodyParameter] = []
        if buffer.peek() != UInt8(ascii: ")") {
            parameters = try parseBodyParameters(&buffer)
        }
        buffer.skipSpaces()
        try buffer.expect(UInt8(ascii: ")"))
        return BodyDisposition(kind: kind, parameters: parameters)
    }

    // body-fld-lang = nstring / "(" string *(SP string) ")"
    func parseLanguage(_ buffer: inout ParseBuffer) throws -> [String] {
        guard buffer.skip(UInt8(ascii: "(")) else {
            return try buffer.nstringText().map { [$0] } ?? []
        }
        var languages: [String] = []
        while true {
            buffer.skipSpaces()
            if buffer.skip(UInt8(ascii: ")")) { return languages }
            if let language = try buffer.nstringText() { languages.append(language) }
        }
    }

    // body-fld-octets = number; body-fld-lines = number64
    // Lenient: NIL, a quoted number or a negative number count as 0 (seen from broken servers).
    func parseLenientNumber(_ buffer: inout ParseBuffer) throws -> Int {
        if let byte = buffer.peek(), (0x30...0x39).contains(byte) { return try buffer.count() }
        if buffer.skip(UInt8(ascii: "-")) {
            _ = try buffer.number()
            return 0
        }
        return Int(try buffer.nstringText() ?? "0") ?? 0
    }
}
