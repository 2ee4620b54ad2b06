/// Drafts for replies and forwards, built from a parsed original.
extension MessageBuilder {
    /// "Re: " once: existing Re:/RE:/Re[2]:/AW:/SV: prefixes are folded into one.
    public static func replySubject(_ subject: String?) -> String {
        "Re: " + stripPrefixes(subject ?? "", prefixes: ["re", "aw", "sv", "antw"])
    }

    /// "Fwd: " once.
    public static func forwardSubject(_ subject: String?) -> String {
        "Fwd: " + stripPrefixes(subject ?? "", prefixes: ["fwd", "fw"])
    }

    static func stripPrefixes(_ subject: String, prefixes: [String]) -> String {
        var text = subject.trimmingMailWhitespace
        var changed = true
        while changed {
            changed = false
            for prefix in prefixes {
                guard text.lowercased().hasPrefix(prefix) else { continue }
                var rest = text.dropFirst(prefix.count)
                if rest.first == "[" || rest.first == "(" {
                    // Re[2]: / Re(2):
                    let close: Character = rest.first == "[" ? "]" : ")"
                    guard let end = rest.firstIndex(of: close) else { continue }
                    rest = rest[rest.index(after: end)...]
                }
                if rest.first == ":" {
                    text = String(rest.dropFirst()).trimmingMailWhitespace
                    changed = true
                }
            }
        }
        return text
    }

    /// Who a reply goes to.
    public enum ReplyRecipients: Sendable, Equatable {
        /// The author (Reply-To when given, else From).
        case sender
        /// The author and every To and Cc recipient, the user's own addresses left out.
        case all
        /// The list's posting address (List-Post), and nobody else.
        case list(Address)
    }

    /// A reply draft: Reply-To honoured, "Re:" once, In-Reply-To and References set,
    /// the original quoted under an attribution line, and `body` below the quote
    /// (bottom-posting) or above it, then the signature under a `-- ` line (above the
    /// quote when top-posting).
    /// - Parameters:
    ///   - own: the user's addresses (identities and alternates), left out of a reply to all.
    public static func replyDraft(to original: MIMEMessage, from: Address, body: String = "", recipients: ReplyRecipients = .sender,
                                  own: OwnAddresses = OwnAddresses(), quoteStyle: QuoteStyle = .bottom, signature: String? = nil) -> Draft {
        let replyTargets = original.replyTo.addresses.isEmpty ? original.from.addresses : original.replyTo.addresses
        var to = replyTargets
        var cc: [Address] = []
        switch recipients {
        case .sender: break
        case .all:
            to += original.to.addresses
            cc = original.cc.addresses
        case let .list(address):
            to = [address]
        }
        let own = own.adding([from.mailbox])
        var seen = Set<String>()
        func keep(_ address: Address) -> Bool {
            let key = address.normalizedMailbox
            guard !key.isEmpty, seen.insert(key).inserted else { return false }
            return !own.contains(address.mailbox)
        }
        if case .list = recipients {
            // The list's address stays even when it matches an alternate pattern.
        } else {
            to = to.filter(keep)
            cc = cc.filter(keep)
        }
        if to.isEmpty, cc.isEmpty, let fallback = replyTargets.first {
            // Replying to oneself: keep the original target rather than send nowhere.
            to = [fallback]
        }
        var references = original.references
        if references.isEmpty { references = original.inReplyTo }
        let inReplyTo = original.messageID.map { [$0] } ?? []
        references += inReplyTo
        let quoted = quotedBody(of: original)
        let text: String
        switch quoteStyle {
        case .bottom: text = quoted + "\n" + Signature.appending(signature, to: body)
        // With no text yet, the quote leaves room above it for what the user writes.
        case .top:
            if signature == nil {
                text = (body.isEmpty ? "\n" : body + "\n\n") + quoted
            } else {
                text = Signature.appending(signature, to: body) + "\n" + quoted
            }
        }
        return Draft(from: from, to: to, cc: cc, subject: replySubject(original.subject), body: text,
                     inReplyTo: inReplyTo, references: references)
    }

    /// "On DATE, NAME wrote:" and the original text with "> " before each line, without
    /// its signature (from the "-- " line on).
    public static func quotedBody(of original: MIMEMessage) -> String {
        let author = DisplaySanitizer.sanitizeLine(original.from.addresses.first.map { $0.name ?? $0.mailbox } ?? "someone")
        let when = original.header("Date").map { DisplaySanitizer.sanitizeLine($0.value.trimmingMailWhitespace) }
        let attribution = when.map { "On \($0), \(author) wrote:" } ?? "\(author) wrote:"
        let text = MessageRenderer().render(original).bodyText
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let signature = lines.lastIndex(where: { $0 == "-- " || $0 == "--" }) { lines.removeSubrange(signature...) }
        while lines.last?.isEmpty == true { lines.removeLast() }
        let quoted = lines.map { $0.hasPrefix(">") ? ">" + $0 : ($0.isEmpty ? ">" : "> " + $0) }
        return ([attribution] + quoted).joined(separator: "\n") + "\n"
    }

    /// A forward draft: inline (original headers and text in the body, attachments kept)
    /// or as a message/rfc822 attachment carrying the original bytes; the user's text and
    /// signature come first.
    public static func forwardDraft(of original: MIMEMessage, from: Address, to: [Address], body: String = "", asAttachment: Bool = false,
                                    signature: String? = nil) -> Draft {
        let subject = forwardSubject(original.subject)
        if asAttachment {
            let name = FileNameSanitizer.sanitize(original.subject, fallback: "message") + ".eml"
            return Draft(from: from, to: to, subject: subject, body: Signature.appending(signature, to: body),
                         attachments: [Draft.Attachment(filename: name, mediaType: "message/rfc822", data: original.bytes, isMessage: true)])
        }
        let renderer = MessageRenderer()
        let rendered = renderer.render(original)
        // The user's text and signature above what is forwarded.
        var text = signature == nil ? (body.isEmpty ? "" : body + "\n\n") : Signature.appending(signature, to: body) + "\n"
        text += "---------- Forwarded message ----------\n"
        text += rendered.headerLines.joined(separator: "\n") + "\n\n" + rendered.bodyText
        if !rendered.links.isEmpty {
            text += "\n" + rendered.links.enumerated().map { "[\($0.offset + 1)] \($0.element)" }.joined(separator: "\n") + "\n"
        }
        var attachments: [Draft.Attachment] = []
        for item in rendered.attachments {
            if let data = renderer.attachmentData(original, attachment: item) {
                attachments.append(Draft.Attachment(filename: item.safeFilename, mediaType: item.mediaType, data: data))
            }
        }
        return Draft(from: from, to: to, subject: subject, body: text, attachments: attachments)
    }
}
