/// Reopening a saved draft: the fields the builder wrote, read back.
extension Draft {
    /// The draft a message saved by `MessageBuilder.buildDraft` (or by another client)
    /// stands for: addresses (Bcc included), subject, the first plain-text part as the
    /// body, attachments with their decoded bytes, and the reply headers.
    public init(reopening message: MIMEMessage) {
        let leaves = message.body.allParts.filter { $0.children.isEmpty }
        let text = leaves.first { !$0.isAttachment && $0.mediaType.mimeType == "text/plain" }
        self.init(
            from: message.from.addresses.first ?? Address(name: nil, mailbox: ""),
            to: message.to.addresses, cc: message.cc.addresses, bcc: message.bcc.addresses, replyTo: message.replyTo.addresses,
            subject: message.subject ?? "",
            body: text?.decodedText()?.text.withUnixLineBreaks ?? "",
            attachments: leaves.filter(\.isAttachment).map { part in
                Attachment(filename: part.filename ?? "attachment", mediaType: part.mediaType.mimeType, data: part.decodedBody())
            },
            inReplyTo: message.inReplyTo, references: message.references)
    }
}
