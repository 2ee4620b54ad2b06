/// Who a message is from and to on the wire (RFC 5321 §3.3), apart from its headers:
/// Bcc recipients are here and nowhere in the message.
public struct SMTPEnvelope: Sendable, Equatable {
    public var sender: String
    public var recipients: [String]
    /// RFC 3461 DSN: `NOTIFY=` values such as `SUCCESS,FAILURE`, sent when the server offers DSN.
    public var notify: String?
    /// RFC 3461 DSN: `RET=FULL` or `RET=HDRS`.
    public var returnContent: String?

    public init(sender: String, recipients: [String], notify: String? = nil, returnContent: String? = nil) {
        self.sender = sender
        self.recipients = recipients
        self.notify = notify
        self.returnContent = returnContent
    }

    /// Rejects addresses that could break out of `MAIL FROM:<…>` / `RCPT TO:<…>`.
    func validate() throws {
        for address in [sender] + recipients {
            if address.contains(where: { $0.isNewline || $0 == "<" || $0 == ">" || $0 == "\0" || $0 == " " }) {
                throw SMTPError.injection(field: "address \"\(address.prefix(60))\"")
            }
        }
        guard !recipients.isEmpty else { throw SMTPError.noRecipients }
    }
}

/// What became of one message: which recipients the server took and which it refused.
public struct SMTPDeliveryReport: Sendable, Equatable {
    /// Recipients the server accepted (RCPT 250/251) and, after the final dot, took responsibility for.
    public var accepted: [String]
    /// Recipients refused at RCPT, with the server's reply.
    public var rejected: [(address: String, reply: SMTPReply)]
    /// The reply to the final dot.
    public var finalReply: SMTPReply

    public static func == (left: SMTPDeliveryReport, right: SMTPDeliveryReport) -> Bool {
        left.accepted == right.accepted && left.finalReply == right.finalReply
            && left.rejected.map(\.address) == right.rejected.map(\.address)
            && left.rejected.map(\.reply) == right.rejected.map(\.reply)
    }
}
