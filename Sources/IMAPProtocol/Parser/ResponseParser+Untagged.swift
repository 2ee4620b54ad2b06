extension ResponseParser {
    // response-data = "*" SP (resp-cond-state / resp-cond-bye / mailbox-data /
    //                 message-data / capability-data / enable-data) CRLF
    // message-data = nz-number SP ("EXPUNGE" / ("FETCH" SP msg-att))
    // mailbox-data = "FLAGS" SP flag-list / "LIST" SP mailbox-list / "ESEARCH" ... /
    //                "STATUS" SP mailbox SP "(" [status-att-list] ")" / number SP "EXISTS" / number SP "RECENT"
    func parseUntagged(_ buffer: inout ParseBuffer) throws -> UntaggedResponse {
        if let byte = buffer.peek(), (0x30...0x39).contains(byte) {
            let number = try buffer.number32()
            try buffer.expectSpace()
            let keyword = try buffer.atom().uppercased()
            switch keyword {
            case "EXISTS": return .exists(Int(number))
            case "RECENT": return .recent(Int(number))
            case "EXPUNGE": return .expunge(number)
            case "FETCH":
                try buffer.expectSpace()
                return .fetch(number, try parseFetchAttributes(&buffer))
            default:
                return .other(keyword: keyword, number: number, values: try parseGenericValues(&buffer))
            }
        }
        let keyword = try buffer.atom().uppercased()
        switch keyword {
        case "OK": return .condition(.ok, try parseResponseText(&buffer))
        case "NO": return .condition(.no, try parseResponseText(&buffer))
        case "BAD": return .condition(.bad, try parseResponseText(&buffer))
        case "PREAUTH": return .condition(.preauth, try parseResponseText(&buffer))
        case "BYE": return .condition(.bye, try parseResponseText(&buffer))
        case "CAPABILITY": return .capability(try parseCapabilityList(&buffer, stopAtBracket: false))
        // enable-data = "ENABLED" *(SP capability)
        case "ENABLED": return .enabled(try parseCapabilityList(&buffer, stopAtBracket: false))
        case "FLAGS":
            try buffer.expectSpace()
            return .flags(try parseFlagList(&buffer))
        case "LIST", "XLIST":
            try buffer.expectSpace()
            return .list(try parseMailboxList(&buffer))
        case "LSUB":
            try buffer.expectSpace()
            return .lsub(try parseMailboxList(&buffer))
        case "STATUS":
            try buffer.expectSpace()
            let (name, status) = try parseStatus(&buffer)
            return .status(name, status)
        case "SEARCH":
            let (numbers, modSeq) = try parseSearch(&buffer)
            return .search(numbers, modSeq: modSeq)
        case "ESEARCH":
            return .esearch(try parseESearch(&buffer))
        case "VANISHED":
            try buffer.expectSpace()
            return try parseVanished(&buffer)
        case "ID":
            try buffer.expectSpace()
            return .id(try parseID(&buffer))
        default:
            return .other(keyword: keyword, number: nil, values: try parseGenericValues(&buffer))
        }
    }

    // id-response = "ID" SP id-params-list
    // id-params-list = "(" *(string SP nstring) ")" / nil
    func parseID(_ buffer: inout ParseBuffer) throws -> [IDField]? {
        if buffer.skipKeyword("NIL") { return nil }
        try buffer.expect(UInt8(ascii: "("))
        var fields: [IDField] = []
        while true {
            buffer.skipSpaces()
            if buffer.skip(UInt8(ascii: ")")) { return fields }
            let key = try buffer.stringText()
            try buffer.expectSpace()
            fields.append(IDField(key, try buffer.nstringText()))
        }
    }

    // vanished-resp = "VANISHED" [SP "(EARLIER)"] SP known-uids
    func parseVanished(_ buffer: inout ParseBuffer) throws -> UntaggedResponse {
        var earlier = false
        if buffer.skip(UInt8(ascii: "(")) {
            try buffer.expectKeyword("EARLIER")
            try buffer.expect(UInt8(ascii: ")"))
            try buffer.expectSpace()
            earlier = true
        }
        return .vanished(try buffer.parseSequenceSet(), earlier: earlier)
    }
}
