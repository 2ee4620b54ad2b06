import Transport

extension SMTPSession {
    /// Sends one message (RFC 5321 §3.3): MAIL, RCPT for each recipient, DATA, the
    /// dot-stuffed content and the final dot. With PIPELINING (RFC 2920) the envelope
    /// commands go out in one write. Recipients refused at RCPT are reported while
    /// the others still get the message.
    ///
    /// `beforeFinalDot` runs just before the final dot is written: the caller records
    /// that from then on the outcome is uncertain until the reply arrives. A lost
    /// connection after the dot throws `SMTPError.uncertainDelivery`, never a plain
    /// failure, so the message is not sent twice.
    public func send(_ message: [UInt8], envelope: SMTPEnvelope,
                     beforeFinalDot: () throws -> Void = {}) throws -> SMTPDeliveryReport {
        try envelope.validate()
        if let limit = capabilities.maximumSize, limit > 0, message.count > limit {
            throw SMTPError.messageTooLarge(size: message.count, limit: limit)
        }
        let eightBit = message.contains { $0 >= 0x80 }
        let international = envelope.sender.utf8.contains(where: { $0 >= 0x80 })
            || envelope.recipients.contains(where: { $0.utf8.contains { $0 >= 0x80 } })
        // 8-bit content to a server without 8BITMIME (RFC 6152) would be mangled or
        // bounced; messages Merle builds are 7-bit (quoted-printable), so only raw
        // 8-bit files meet this.
        if eightBit, !capabilities.supports("8BITMIME"), !(international && capabilities.supports("SMTPUTF8")) {
            throw SMTPError.eightBitUnsupported
        }
        var mail = "MAIL FROM:<\(envelope.sender)>"
        if capabilities.supports("SIZE") { mail += " SIZE=\(message.count)" }
        if eightBit, capabilities.supports("8BITMIME") { mail += " BODY=8BITMIME" }
        if envelope.sender.utf8.contains(where: { $0 >= 0x80 }) || envelope.recipients.contains(where: { $0.utf8.contains { $0 >= 0x80 } }) {
            guard capabilities.supports("SMTPUTF8") else { throw SMTPError.internationalAddressUnsupported }
            mail += " SMTPUTF8"
        }
        let dsn = capabilities.supports("DSN")
        if dsn, let ret = envelope.returnContent { mail += " RET=\(ret)" }
        let rcpts = envelope.recipients.map { address in
            "RCPT TO:<\(address)>" + (dsn ? envelope.notify.map { " NOTIFY=\($0)" } ?? "" : "")
        }

        var mailReply: SMTPReply
        var rcptReplies: [SMTPReply] = []
        var dataReply: SMTPReply
        if capabilities.supports("PIPELINING") {
            let batch = ([mail] + rcpts + ["DATA"]).map { $0 + "\r\n" }.joined()
            try connection.write(Array(batch.utf8))
            mailReply = try SMTPReplyReader.read(from: connection)
            for _ in rcpts { rcptReplies.append(try SMTPReplyReader.read(from: connection)) }
            dataReply = try SMTPReplyReader.read(from: connection)
        } else {
            mailReply = try command(mail)
            guard mailReply.isPositive else { try reset(); throw SMTPError.senderRejected(mailReply) }
            for rcpt in rcpts { rcptReplies.append(try command(rcpt)) }
            guard rcptReplies.contains(where: \.isPositive) else {
                try reset()
                throw SMTPError.allRecipientsRejected(zip(envelope.recipients, rcptReplies).map { ($0, $1) }.map(Self.describe))
            }
            dataReply = try command("DATA")
        }
        guard mailReply.isPositive else {
            if dataReply.code == 354 { abandonData() } else { try reset() }
            throw SMTPError.senderRejected(mailReply)
        }
        var accepted: [String] = []
        var rejected: [(String, SMTPReply)] = []
        for (address, reply) in zip(envelope.recipients, rcptReplies) {
            if reply.isPositive { accepted.append(address) } else { rejected.append((address, reply)) }
        }
        guard !accepted.isEmpty else {
            if dataReply.code == 354 { abandonData() } else { try reset() }
            throw SMTPError.allRecipientsRejected(rejected.map(Self.describe))
        }
        guard dataReply.code == 354 else {
            try reset()
            throw SMTPError.unexpectedReply(command: "DATA", reply: dataReply)
        }
        try connection.write(Self.dotStuffed(message))
        // A server gone before the final dot cannot have accepted the message: that is
        // a plain lost connection (send again later), not an uncertain delivery.
        if connection.peerHasClosed { throw SMTPError.closed }
        try beforeFinalDot()
        let finalReply: SMTPReply
        do {
            try connection.write(Array(".\r\n".utf8))
            finalReply = try SMTPReplyReader.read(from: connection)
        } catch {
            throw SMTPError.uncertainDelivery("\(error)")
        }
        guard finalReply.isPositive else {
            throw finalReply.isTransientFailure ? SMTPError.temporaryFailure(finalReply) : SMTPError.messageRejected(finalReply)
        }
        return SMTPDeliveryReport(accepted: accepted, rejected: rejected, finalReply: finalReply)
    }

    /// Resets the transaction so the next message starts clean (RFC 5321 §4.1.1.5).
    public func reset() throws {
        let reply = try command("RSET")
        guard reply.isPositive else { throw SMTPError.unexpectedReply(command: "RSET", reply: reply) }
    }

    /// The server said 354 although nothing may be sent (RFC 2920 §3.1 allows it when
    /// every RCPT failed): ending DATA would send an empty message, so the connection
    /// is dropped instead and the caller reconnects for the next message.
    private func abandonData() {
        connection.close()
    }

    static func describe(_ pair: (String, SMTPReply)) -> String {
        "\(pair.0): \(pair.1)"
    }

    /// Normalises line ends to CRLF, doubles a leading dot on every line (RFC 5321
    /// §4.5.2) and makes sure the content ends with CRLF before the final dot.
    public static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + message.count / 50 + 2)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in message {
            if byte == 0x0A, previous != 0x0D { output.append(0x0D) }
            if atLineStart, byte == 0x2E { output.append(0x2E) }
            output.append(byte)
            atLineStart = byte == 0x0A
            previous = byte
        }
        if !output.isEmpty, !(output.count >= 2 && output[output.count - 2] == 0x0D && output[output.count - 1] == 0x0A) {
            if output.last == 0x0D { output.append(0x0A) } else { output.append(contentsOf: [0x0D, 0x0A]) }
        }
        return output
    }
}
