/// What the user composed: the input to `MessageBuilder.build`. Strings are taken as
/// typed; the builder validates and encodes them.
public struct Draft: Sendable, Hashable {
    /// A file to attach.
    public struct Attachment: Sendable, Hashable {
        public var filename: String
        /// "type/subtype"; "application/octet-stream" if unknown.
        public var mediaType: String
        public var data: [UInt8]
        /// True for message/rfc822 attachments (forward as attachment): sent unencoded when possible.
        public var isMessage: Bool

        public init(filename: String, mediaType: String = "application/octet-stream", data: [UInt8], isMessage: Bool = false) {
            self.filename = filename
            self.mediaType = mediaType
            self.data = data
            self.isMessage = isMessage
        }
    }

    public var from: Address
    public var to: [Address]
    public var cc: [Address]
    public var bcc: [Address]
    public var replyTo: [Address]
    public var subject: String
    /// The body text; "\n" line ends (CRLF is produced by the builder).
    public var body: String
    public var attachments: [Attachment]
    /// Message ids without brackets.
    public var inReplyTo: [String]
    public var references: [String]
    /// Additional header fields (name, value), e.g. ("X-Mailer", "Merle").
    public var extraHeaders: [[String]]
    /// A calendar sent beside the text as its text/calendar alternative (an iTIP REPLY).
    public var calendar: Calendar?
    /// The sender's Autocrypt header (Level 1), written among the outer header fields.
    /// Set when the message is built to be sent, not in drafts.
    public var autocrypt: AutocryptHeader?

    /// An iCalendar object that travels as `text/calendar; method=…`.
    public struct Calendar: Sendable, Hashable {
        /// The iTIP method (REPLY, REQUEST …), repeated in the Content-Type as RFC 6047 asks.
        public var method: String
        /// The calendar as text (CRLF, folded).
        public var text: String

        public init(method: String, text: String) {
            self.method = method
            self.text = text
        }
    }

    public init(from: Address, to: [Address] = [], cc: [Address] = [], bcc: [Address] = [], replyTo: [Address] = [],
                subject: String = "", body: String = "", attachments: [Attachment] = [], inReplyTo: [String] = [],
                references: [String] = [], extraHeaders: [[String]] = []) {
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
        self.subject = subject
        self.body = body
        self.attachments = attachments
        self.inReplyTo = inReplyTo
        self.references = references
        self.extraHeaders = extraHeaders
    }
}

/// A finished message: the bytes to send (CRLF, no Bcc) and the SMTP envelope.
public struct BuiltMessage: Sendable, Hashable {
    public var bytes: [UInt8]
    /// MAIL FROM.
    public var envelopeSender: String
    /// RCPT TO: To, Cc and Bcc mailboxes, duplicates removed.
    public var recipients: [String]
    /// The Message-ID written, without brackets.
    public var messageID: String
    /// The copy to keep in Sent when it differs from `bytes`: the same message with its
    /// Bcc header, as mutt keeps it; nil without Bcc.
    public var sentCopy: [UInt8]?
}
