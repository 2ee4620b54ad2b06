import Foundation

/// Builds outgoing RFC 5322 / MIME messages: new, reply, reply-all and forward.
/// Strict in what it sends: CRLF everywhere, every line under 998 bytes, non-ASCII
/// headers as RFC 2047 encoded words, attachment names per RFC 2231, Bcc only in the
/// envelope, and any CR / LF / NUL in a user-supplied header value refused.
public struct MessageBuilder: Sendable {
    /// How a non-ASCII text body is sent.
    public enum BodyEncoding: Sendable, Hashable {
        case quotedPrintable
        /// 8bit when every line fits in 998 bytes, else quoted-printable.
        case eightBit
    }

    public var bodyEncoding: BodyEncoding
    /// The Date written; injected so tests are repeatable.
    public var date: Date
    /// Offset east of UTC written in the Date field.
    public var zoneOffsetSeconds: Int
    /// The unique part of Message-ID and boundaries; injected so tests are repeatable.
    public var uniqueToken: String
    /// User-Agent header value, or nil for none.
    public var userAgent: String?

    public init(bodyEncoding: BodyEncoding = .quotedPrintable, date: Date = Date(), zoneOffsetSeconds: Int = 0,
                uniqueToken: String = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased(), userAgent: String? = "Merle") {
        self.bodyEncoding = bodyEncoding
        self.date = date
        self.zoneOffsetSeconds = zoneOffsetSeconds
        self.uniqueToken = uniqueToken
        self.userAgent = userAgent
    }

    /// Builds the message bytes and envelope for a draft.
    public func build(_ draft: Draft) throws -> BuiltMessage {
        try validate(draft)
        let recipients = uniqueMailboxes(draft.to + draft.cc + draft.bcc)
        guard !recipients.isEmpty else { throw MessageBuildError.noRecipients }
        var built = render(draft, recipients: recipients, keepingBcc: false)
        // The same message (date, Message-ID, boundaries) with its Bcc, for the Sent folder.
        if !draft.bcc.isEmpty { built.sentCopy = render(draft, recipients: recipients, keepingBcc: true).bytes }
        return built
    }

    /// The bytes of an unfinished message to keep in the Drafts folder: like `build`,
    /// but recipients may be missing and Bcc is kept as a header, so that reopening the
    /// draft restores it (it is removed again when the message is finally built to send).
    public func buildDraft(_ draft: Draft) throws -> [UInt8] {
        try validate(draft)
        // The Autocrypt header is the sender's when sending, not part of what is written.
        var draft = draft
        draft.autocrypt = nil
        return render(draft, recipients: uniqueMailboxes(draft.to + draft.cc + draft.bcc), keepingBcc: true).bytes
    }

    private func render(_ draft: Draft, recipients: [String], keepingBcc: Bool) -> BuiltMessage {
        let domain = draft.from.domain.isEmpty ? "localhost" : draft.from.domain
        let messageID = "\(uniqueToken)@\(domain)"

        var header = ""
        header += HeaderFolder.fold(name: "Date", value: DateParser.format(date, zoneOffsetSeconds: zoneOffsetSeconds))
        header += HeaderFolder.fold(name: "From", value: draft.from.headerString)
        if !draft.replyTo.isEmpty { header += HeaderFolder.fold(name: "Reply-To", value: AddressList(draft.replyTo).headerString) }
        if !draft.to.isEmpty { header += HeaderFolder.fold(name: "To", value: AddressList(draft.to).headerString) }
        if !draft.cc.isEmpty { header += HeaderFolder.fold(name: "Cc", value: AddressList(draft.cc).headerString) }
        if keepingBcc, !draft.bcc.isEmpty { header += HeaderFolder.fold(name: "Bcc", value: AddressList(draft.bcc).headerString) }
        header += HeaderFolder.foldUnstructured(name: "Subject", value: draft.subject)
        header += HeaderFolder.fold(name: "Message-ID", value: "<\(messageID)>")
        if !draft.inReplyTo.isEmpty { header += HeaderFolder.fold(name: "In-Reply-To", value: draft.inReplyTo.map { "<\($0)>" }.joined(separator: " ")) }
        if !draft.references.isEmpty { header += HeaderFolder.fold(name: "References", value: draft.references.map { "<\($0)>" }.joined(separator: " ")) }
        if let userAgent { header += HeaderFolder.foldUnstructured(name: "User-Agent", value: userAgent) }
        // Level 1 section 2.1: addr must be the From address, or receivers ignore it.
        if let autocrypt = draft.autocrypt, autocrypt.address == draft.from.mailbox.lowercased() { header += autocrypt.field }
        for pair in draft.extraHeaders where pair.count == 2 {
            header += HeaderFolder.foldUnstructured(name: pair[0], value: pair[1])
        }
        header += "MIME-Version: 1.0\r\n"

        var bytes = Array(header.utf8)
        var textPart = textEntity(draft.body)
        if let calendar = draft.calendar {
            // RFC 6047 §2.4: the text and the calendar as alternatives of one another.
            let boundary = "=_merle_alt_\(uniqueToken)"
            var alternative = Array("Content-Type: multipart/alternative; boundary=\"\(boundary)\"\r\n\r\n".utf8)
            alternative += Array("--\(boundary)\r\n".utf8) + textPart + Array("\r\n".utf8)
            alternative += Array("--\(boundary)\r\n".utf8) + calendarEntity(calendar) + Array("\r\n--\(boundary)--\r\n".utf8)
            textPart = alternative
        }
        if draft.attachments.isEmpty {
            bytes += textPart
        } else {
            let boundary = "=_merle_\(uniqueToken)"
            bytes += Array("Content-Type: multipart/mixed; boundary=\"\(boundary)\"\r\n\r\nThis is a multi-part message in MIME format.\r\n".utf8)
            bytes += Array("--\(boundary)\r\n".utf8) + textPart + Array("\r\n".utf8)
            for attachment in draft.attachments {
                bytes += Array("--\(boundary)\r\n".utf8) + attachmentEntity(attachment) + Array("\r\n".utf8)
            }
            bytes += Array("--\(boundary)--\r\n".utf8)
        }
        return BuiltMessage(bytes: bytes, envelopeSender: draft.from.mailbox, recipients: recipients, messageID: messageID)
    }

    /// Content headers and body of the text part.
    private func textEntity(_ text: String) -> [UInt8] {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var body = Array(normalized.utf8)
        if !body.isEmpty, body.last != ASCII.lf { body.append(ASCII.lf) }
        let isASCII = body.allSatisfy { $0 < 0x80 }
        let lines = body.split(separator: ASCII.lf, omittingEmptySubsequences: false)
        let fits = lines.allSatisfy { $0.count <= 998 }
        let hasControl = body.contains { $0 == 0 }
        var header = "Content-Type: text/plain; charset=utf-8\r\n"
        if isASCII, fits, !hasControl {
            header += "Content-Transfer-Encoding: 7bit\r\n\r\n"
            return Array(header.utf8) + crlf(body)
        }
        if bodyEncoding == .eightBit, fits, !hasControl {
            header += "Content-Transfer-Encoding: 8bit\r\n\r\n"
            return Array(header.utf8) + crlf(body)
        }
        header += "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        return Array(header.utf8) + TransferEncoding.encodeQuotedPrintable(body)
    }

    /// A text/calendar part: 7bit when it is ASCII (folded lines are short), else base64.
    private func calendarEntity(_ calendar: Draft.Calendar) -> [UInt8] {
        let method = calendar.method.filter { $0.isLetter || $0 == "-" }
        let bytes = Array(calendar.text.utf8)
        var header = "Content-Type: text/calendar; charset=utf-8; method=\(method)\r\n"
        if bytes.allSatisfy({ $0 < 0x80 && $0 != 0 }) {
            header += "Content-Transfer-Encoding: 7bit\r\n\r\n"
            return Array(header.utf8) + bytes
        }
        header += "Content-Transfer-Encoding: base64\r\n\r\n"
        return Array(header.utf8) + TransferEncoding.encodeBase64Lines(bytes)
    }

    private func attachmentEntity(_ attachment: Draft.Attachment) -> [UInt8] {
        var mediaType = attachment.mediaType.trimmingMailWhitespace.lowercased()
        if MediaType(headerValue: mediaType)?.subtype.isEmpty ?? true { mediaType = "application/octet-stream" }
        let filenameParameters = RFC2231.encodeParameter(name: "filename", value: attachment.filename)
        let nameParameters = RFC2231.encodeParameter(name: "name", value: attachment.filename)
        var header = HeaderFolder.fold(name: "Content-Type", value: ([mediaType] + nameParameters).joined(separator: "; "))
        header += HeaderFolder.fold(name: "Content-Disposition", value: (["attachment"] + filenameParameters).joined(separator: "; "))
        if attachment.isMessage {
            let normalized = crlf(attachment.data.split(separator: ASCII.lf, omittingEmptySubsequences: false).map { line -> ArraySlice<UInt8> in
                line.last == ASCII.cr ? line.dropLast() : line
            }.joined(separator: [ASCII.lf]).map { $0 })
            let lines = normalized.split(separator: ASCII.lf)
            if lines.allSatisfy({ $0.count <= 998 }) {
                let eightBit = normalized.contains { $0 >= 0x80 }
                header += "Content-Transfer-Encoding: \(eightBit ? "8bit" : "7bit")\r\n\r\n"
                var body = normalized
                if body.last != ASCII.lf { body += [ASCII.cr, ASCII.lf] }
                return Array(header.utf8) + body
            }
        }
        header += "Content-Transfer-Encoding: base64\r\n\r\n"
        return Array(header.utf8) + TransferEncoding.encodeBase64Lines(attachment.data)
    }

    /// LF line ends to CRLF.
    private func crlf(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 40)
        for byte in bytes {
            if byte == ASCII.lf { output.append(ASCII.cr) }
            output.append(byte)
        }
        return output
    }

    func uniqueMailboxes(_ addresses: [Address]) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for address in addresses where seen.insert(address.normalizedMailbox).inserted {
            result.append(address.mailbox)
        }
        return result
    }

    /// Refuses an address with a line break or NUL (header injection), or one that is no
    /// address for SMTP (spaces, brackets, separators, controls, no "@", too long).
    static func validate(_ addresses: [Address], field: String) throws {
        for address in addresses {
            for value in [address.name ?? "", address.mailbox]
            where value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                throw MessageBuildError.lineBreakInHeader(field: field)
            }
            let bad = address.mailbox.unicodeScalars.contains { $0 == " " || $0 == "\t" || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" || $0.value < 0x20 || $0.value == 0x7F }
            // RFC 5321 section 4.5.3.1.3: a path is at most 256 octets, so 254 for the address.
            if address.mailbox.isEmpty || bad || !address.mailbox.contains("@") || address.mailbox.utf8.count > 254 {
                throw MessageBuildError.invalidAddress(field: field, address: address.mailbox)
            }
        }
    }

    /// Refuses header injection and malformed addresses before anything is written.
    private func validate(_ draft: Draft) throws {
        func checkValue(_ value: String, field: String) throws {
            if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                throw MessageBuildError.lineBreakInHeader(field: field)
            }
        }
        func checkMessageID(_ id: String, field: String) throws {
            // An id must fit on one folded line (RFC 5322 section 2.1.1: 998 octets).
            if id.isEmpty || id.utf8.count > 900 || id.contains(" ") || id.contains("<") || id.contains(">") {
                throw MessageBuildError.invalidMessageID(field: field)
            }
        }
        func checkAddresses(_ addresses: [Address], field: String) throws {
            try Self.validate(addresses, field: field)
        }
        try checkAddresses([draft.from], field: "From")
        try checkAddresses(draft.to, field: "To")
        try checkAddresses(draft.cc, field: "Cc")
        try checkAddresses(draft.bcc, field: "Bcc")
        try checkAddresses(draft.replyTo, field: "Reply-To")
        try checkValue(draft.subject, field: "Subject")
        for id in draft.inReplyTo { try checkValue(id, field: "In-Reply-To"); try checkMessageID(id, field: "In-Reply-To") }
        for id in draft.references { try checkValue(id, field: "References"); try checkMessageID(id, field: "References") }
        for attachment in draft.attachments {
            try checkValue(attachment.filename, field: "attachment file name")
            try checkValue(attachment.mediaType, field: "attachment media type")
        }
        for pair in draft.extraHeaders {
            guard pair.count == 2 else { throw MessageBuildError.invalidHeaderName(pair.first ?? "") }
            let name = pair[0]
            // Fields the builder writes itself (and Bcc, which must never be in the bytes) cannot be added.
            let managed: Set<String> = ["from", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id", "in-reply-to",
                                        "references", "mime-version", "content-type", "content-transfer-encoding", "content-disposition", "sender",
                                        "autocrypt"]
            if name.isEmpty || !name.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 && $0 != ":" }) || managed.contains(name.lowercased()) {
                throw MessageBuildError.invalidHeaderName(name)
            }
            try checkValue(pair[1], field: name)
        }
        if let userAgent { try checkValue(userAgent, field: "User-Agent") }
    }
}
