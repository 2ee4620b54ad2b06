extension ResponseParser {
    // envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP
    //            env-to SP env-cc SP env-bcc SP env-in-reply-to SP env-message-id ")"
    // Lenient: NIL or `()` for address lists, several or no spaces between fields.
    func parseEnvelope(_ buffer: inout ParseBuffer) throws -> Envelope {
        try buffer.expect(UInt8(ascii: "("))
        try buffer.enter()
        defer { buffer.leave() }
        var envelope = Envelope()
        buffer.skipSpaces()
        envelope.date = try buffer.nstringText()
        buffer.skipSpaces()
        envelope.subject = try buffer.nstringText()
        buffer.skipSpaces()
        envelope.from = try parseAddressList(&buffer)
        buffer.skipSpaces()
        envelope.sender = try parseAddressList(&buffer)
        buffer.skipSpaces()
        envelope.replyTo = try parseAddressList(&buffer)
        buffer.skipSpaces()
        envelope.to = try parseAddressList(&buffer)
        buffer.skipSpaces()
        envelope.cc = try parseAddressList(&buffer)
        buffer.skipSpaces()
        envelope.bcc = try parseAddressList(&buffer)
        buffer.skipSpaces()
        envelope.inReplyTo = try buffer.nstringText()
        buffer.skipSpaces()
        envelope.messageID = try buffer.nstringText()
        buffer.skipSpaces()
        try buffer.expect(UInt8(ascii: ")"))
        return envelope
    }

    // env-from = "(" 1*address ")" / nil
    func parseAddressList(_ buffer: inout ParseBuffer) throws -> [Address] {
        if buffer.skipKeyword("NIL") { return [] }
        try buffer.expect(UInt8(ascii: "("))
        var addresses: [Address] = []
        while true {
            buffer.skipSpaces()
            if buffer.skip(UInt8(ascii: ")")) { return addresses }
            addresses.append(try parseAddress(&buffer))
        }
    }

    // address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"
    func parseAddress(_ buffer: inout ParseBuffer) throws -> Address {
        try buffer.expect(UInt8(ascii: "("))
        buffer.skipSpaces()
        let name = try buffer.nstringText()
        buffer.skipSpaces()
        let adl = try buffer.nstringText()
        buffer.skipSpaces()
        let mailbox = try buffer.nstringText()
        buffer.skipSpaces()
        let host = try buffer.nstringText()
        buffer.skipSpaces()
        try buffer.expect(UInt8(ascii: ")"))
        return Address(name: name, adl: adl, mailbox: mailbox, host: host)
    }
}
