extension ResponseParser {
    // mailbox-list = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox
    //                [SP mbox-list-extended]
    // mbox-list-extended = "(" [mbox-list-extended-item *(SP mbox-list-extended-item)] ")"
    // mbox-list-extended-item = mbox-list-extended-item-tag SP tagged-ext-val
    // childinfo-extended-item = "CHILDINFO" SP "(" list-select-base-opt-quoted *(SP ...) ")"
    // Lenient: the delimiter may be NIL or a longer quoted string (its first byte is used).
    func parseMailboxList(_ buffer: inout ParseBuffer) throws -> MailboxInfo {
        try buffer.expect(UInt8(ascii: "("))
        var attributes: [MailboxAttribute] = []
        while true {
            buffer.skipSpaces()
            if buffer.skip(UInt8(ascii: ")")) { break }
            attributes.append(MailboxAttribute(try buffer.atom()))
        }
        try buffer.expectSpace()
        let delimiter: UInt8?
        if buffer.skipKeyword("NIL") {
            delimiter = nil
        } else {
            delimiter = try buffer.string().first
        }
        try buffer.expectSpace()
        var info = MailboxInfo(attributes: attributes, delimiter: delimiter, name: try parseMailbox(&buffer))
        if buffer.peek() == 0x20, !buffer.atLineEnd {
            try buffer.expectSpace()
            try buffer.expect(UInt8(ascii: "("))
            while true {
                buffer.skipSpaces()
                if buffer.skip(UInt8(ascii: ")")) { break }
                let tag = String(decoding: try buffer.astring(), as: UTF8.self).uppercased()
                try buffer.expectSpace()
                switch tag {
                case "CHILDINFO":
                    guard case let .list(items) = try parseGenericValue(&buffer) else {
                        throw buffer.error(expected: "a CHILDINFO list")
                    }
                    info.childInfo = items.compactMap(\.text)
                case "OLDNAME":
                    try buffer.expect(UInt8(ascii: "("))
                    buffer.skipSpaces()
                    info.oldName = try parseMailbox(&buffer)
                    buffer.skipSpaces()
                    try buffer.expect(UInt8(ascii: ")"))
                default:
                    info.otherExtendedData[tag] = try parseGenericValue(&buffer)
                }
            }
        }
        return info
    }
}
