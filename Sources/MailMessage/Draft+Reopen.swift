/// Reopening a saved draft: the fields the builder wrote, read back.
extension Draft {
    /// The draft a message saved by `MessageBuilder.buildDraft` (or by another client)
    /// stands for: addresses (Bcc included), subject, the first plain-text part as the
    /// body, the reply headers, and every other part as an attachment with its decoded
    /// bytes. A forwarded message (message/rfc822) stays one attachment, its bytes as
    /// they were, never opened into its own parts; the other renderings of the body in a
    /// multipart/alternative (its HTML twin) are the body, not attachments.
    public init(reopening message: MIMEMessage) {
        let parts = Self.reopenedParts(message.body)
        self.init(
            from: message.from.addresses.first ?? Address(name: nil, mailbox: ""),
            to: message.to.addresses, cc: message.cc.addresses, bcc: message.bcc.addresses, replyTo: message.replyTo.addresses,
            subject: message.subject ?? "",
            body: parts.body?.decodedText()?.text.withUnixLineBreaks ?? "",
            attachments: parts.attachments.map { part in
                if part.mediaType.isEmbeddedMessage {
                    let subject = part.embeddedMessage?.subject ?? ""
                    let name = part.filename ?? FileNameSanitizer.sanitize(subject, fallback: "message") + ".eml"
                    return Attachment(filename: name, mediaType: "message/rfc822", data: part.decodedBody(), isMessage: true)
                }
                return Attachment(filename: part.filename ?? "attachment", mediaType: part.mediaType.mimeType, data: part.decodedBody())
            },
            inReplyTo: message.inReplyTo, references: message.references)
    }

    /// The body part and the attachments of a draft's tree, walked without recursion and
    /// without entering embedded messages.
    static func reopenedParts(_ root: MIMEPart) -> (body: MIMEPart?, attachments: [MIMEPart]) {
        var leaves: [MIMEPart] = []
        var alternatives: [[MIMEPart]] = []
        var stack = [root]
        while let part = stack.popLast() {
            if part.mediaType.isMultipart, !part.children.isEmpty {
                if part.mediaType.subtype.lowercased() == "alternative" { alternatives.append(part.children) }
                stack.append(contentsOf: part.children.reversed())
            } else {
                leaves.append(part)
            }
        }
        let body = leaves.first { !$0.isAttachment && !$0.mediaType.isEmbeddedMessage && $0.mediaType.mimeType == "text/plain" }
        // The body's siblings in a multipart/alternative (and what they hold) say the
        // same thing another way.
        func within(_ path: [Int], _ ancestor: [Int]) -> Bool { path.starts(with: ancestor) }
        var twins: [[Int]] = []
        if let body {
            for group in alternatives where group.contains(where: { within(body.path, $0.path) }) {
                twins += group.filter { !within(body.path, $0.path) }.map(\.path)
            }
        }
        let attachments = leaves.filter { part in
            part.path != body?.path && !twins.contains { within(part.path, $0) } && (part.encodedSize > 0 || part.filename != nil)
        }
        return (body, attachments)
    }
}
