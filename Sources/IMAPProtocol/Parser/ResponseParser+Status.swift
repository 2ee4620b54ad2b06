extension ResponseParser {
    // "STATUS" SP mailbox SP "(" [status-att-list] ")"
    // status-att-list = status-att-val *(SP status-att-val)
    // status-att-val = ("MESSAGES" SP number) / ("UIDNEXT" SP nz-number) / ("UIDVALIDITY" SP nz-number) /
    //                  ("UNSEEN" SP number) / ("DELETED" SP number) / ("SIZE" SP number64) /
    //                  ("HIGHESTMODSEQ" SP mod-sequence-valzer) / ("APPENDLIMIT" SP (number / nil))
    func parseStatus(_ buffer: inout ParseBuffer) throws -> (MailboxName, MailboxStatus) {
        let name = try parseMailbox(&buffer)
        buffer.skipSpaces()
        try buffer.expect(UInt8(ascii: "("))
        var status = MailboxStatus()
        while true {
            buffer.skipSpaces()
            if buffer.skip(UInt8(ascii: ")")) { break }
            let item = try buffer.atom().uppercased()
            try buffer.expectSpace()
            if item == "APPENDLIMIT" {
                status.appendLimit = buffer.skipKeyword("NIL") ? .some(nil) : .some(try buffer.number())
                continue
            }
            guard let byte = buffer.peek(), (0x30...0x39).contains(byte) else {
                status.other[item] = try parseGenericValue(&buffer)
                continue
            }
            let value = try buffer.number()
            switch item {
            case "MESSAGES": status.messages = Int(value)
            case "RECENT": status.recent = Int(value)
            case "UIDNEXT": status.uidNext = UInt32(truncatingIfNeeded: value)
            case "UIDVALIDITY": status.uidValidity = UIDValidity(UInt32(truncatingIfNeeded: value))
            case "UNSEEN": status.unseen = Int(value)
            case "DELETED": status.deleted = Int(value)
            case "SIZE": status.size = value
            case "HIGHESTMODSEQ": status.highestModSeq = value
            default: status.other[item] = .atom(String(value))
            }
        }
        return (name, status)
    }
}
