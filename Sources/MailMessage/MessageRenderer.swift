/// Turns a parsed message into what the reader sees: chosen body text (text/plain
/// preferred, flowed text unwrapped, HTML converted), the attachment list and links,
/// all sanitised for the terminal.
public struct MessageRenderer: Sendable {
    /// Prefer text/plain over text/html in multipart/alternative (the default).
    public var preferPlainText: Bool
    /// Header fields shown, in this order, when present.
    public var headerNames: [String]

    public init(preferPlainText: Bool = true, headerNames: [String] = ["Date", "From", "Sender", "Reply-To", "To", "Cc", "Subject"]) {
        self.preferPlainText = preferPlainText
        self.headerNames = headerNames
    }

    private struct Accumulator {
        var body: [String] = []
        var attachments: [RenderedMessage.Attachment] = []
        var links: [String] = []
        var notes: [String] = []
        var charsetHint: String?
    }

    /// Renders the message. Bodies are decoded here (never while listing).
    public func render(_ message: MIMEMessage) -> RenderedMessage {
        var accumulator = Accumulator()
        accumulator.charsetHint = message.charsetHint
        let root = message.body
        renderPart(root, into: &accumulator, depth: 0)
        var body = accumulator.body.joined(separator: "\n")
        if !body.isEmpty, !body.hasSuffix("\n") { body += "\n" }
        let notes = accumulator.notes.map { DisplaySanitizer.sanitizeLine($0) }
        if !notes.isEmpty {
            body = notes.map { "[\($0)]" }.joined(separator: "\n") + "\n\n" + body
        }
        return RenderedMessage(
            headerLines: headerLines(message.headers, fallbackCharset: message.headerCharset),
            bodyText: DisplaySanitizer.sanitize(body),
            attachments: accumulator.attachments,
            links: accumulator.links.map { DisplaySanitizer.sanitizeLine($0) },
            notes: notes
        )
    }

    /// Report parts that are plain text in all but name (RFC 3464, RFC 8098, RFC 6522).
    static let readableMessageTypes: Set<String> = ["message/delivery-status", "message/disposition-notification", "message/global-delivery-status", "message/global-headers"]

    /// The decoded bytes of the part at `path` (as listed in `RenderedMessage.attachments`).
    public func attachmentData(_ message: MIMEMessage, path: [Int]) -> [UInt8]? {
        message.body.part(at: path)?.decodedBody()
    }

    /// The display header lines, decoded and sanitised.
    public func headerLines(_ headers: [HeaderField], fallbackCharset: String? = nil) -> [String] {
        var lines: [String] = []
        for name in headerNames {
            let fields = headers.filter { $0.hasName(name) }
            guard !fields.isEmpty else { continue }
            let value: String
            switch name.lowercased() {
            case "from", "to", "cc", "bcc", "reply-to", "sender":
                let list = AddressParser.parseList(fields.map { $0.value(fallbackCharset: fallbackCharset) }.joined(separator: ", "))
                value = list.isEmpty ? fields[0].decodedValue(fallbackCharset: fallbackCharset) : list.displayString
            default:
                value = fields[0].decodedValue(fallbackCharset: fallbackCharset)
            }
            lines.append("\(name): " + DisplaySanitizer.sanitizeLine(value))
        }
        return lines
    }

    /// Depth is bounded by the parser's cap, so this recursion cannot be driven deep by input.
    private func renderPart(_ part: MIMEPart, into accumulator: inout Accumulator, depth: Int) {
        let type = part.mediaType
        if part.isOpaque {
            accumulator.notes.append("part \(pathString(part.path)) not shown: nesting or part limit reached")
            addAttachment(part, into: &accumulator)
            return
        }
        if type.isMultipart {
            switch type.subtype {
            case "alternative":
                if let chosen = chooseAlternative(part.children) {
                    renderPart(chosen, into: &accumulator, depth: depth + 1)
                }
            case "related":
                // The root is the "start" part or the first (RFC 2387); the rest are resources.
                let startID = type.parameter("start").flatMap { MessageIDParser.parse($0).first }
                let root = part.children.first { startID != nil && $0.contentID == startID } ?? part.children.first
                for child in part.children {
                    if let root, child.path == root.path {
                        renderPart(child, into: &accumulator, depth: depth + 1)
                    } else if child.filename != nil || child.disposition?.isAttachment == true {
                        addAttachment(child, into: &accumulator)
                    }
                }
            default:
                for child in part.children {
                    renderPart(child, into: &accumulator, depth: depth + 1)
                }
            }
            if part.children.isEmpty, part.hasPreamble, let preamble = part.preamble {
                accumulator.body.append(Charset.decode(Array(preamble), charset: type.charset).text)
            }
            return
        }
        if type.isEmbeddedMessage, !part.isAttachment, let inner = part.children.first {
            let lines = headerLines(inner.headers, fallbackCharset: MIMEMessage(rootPart: inner).headerCharset)
            accumulator.body.append("")
            accumulator.body.append("---------- Forwarded message ----------")
            accumulator.body.append(contentsOf: lines)
            accumulator.body.append("")
            renderPart(inner, into: &accumulator, depth: depth + 1)
            return
        }
        if part.isAttachment {
            addAttachment(part, into: &accumulator)
            return
        }
        if type.isText || !part.hasExplicitMediaType || Self.readableMessageTypes.contains(type.mimeType) {
            appendText(of: part, into: &accumulator)
            return
        }
        addAttachment(part, into: &accumulator)
    }

    private func chooseAlternative(_ children: [MIMEPart]) -> MIMEPart? {
        let wanted = preferPlainText ? ["plain", "html"] : ["html", "plain"]
        for subtype in wanted {
            if let match = children.last(where: { $0.mediaType.type == "text" && $0.mediaType.subtype == subtype && !$0.isAttachment }) {
                if subtype == "plain", isEffectivelyEmpty(match), children.contains(where: { $0.mediaType.subtype == "html" }) { continue }
                return match
            }
        }
        // A nested multipart (e.g. related with HTML) or anything else: the last is the richest.
        return children.last { $0.mediaType.isMultipart } ?? children.last
    }

    private func isEffectivelyEmpty(_ part: MIMEPart) -> Bool {
        part.decodedBody().allSatisfy { ASCII.isWhitespace($0) }
    }

    private func appendText(of part: MIMEPart, into accumulator: inout Accumulator) {
        let type = part.mediaType
        let decoded = CharsetSniffer.decodeBody(part.decodedBody(), declared: type.charset, hint: accumulator.charsetHint)
        if !decoded.charsetRecognized {
            accumulator.notes.append("unknown charset \"\(type.charset ?? "")\" in part \(pathString(part.path)); shown as best guess")
        }
        var text = decoded.text.withUnixLineBreaks
        switch type.subtype {
        case "html":
            let converted = HTMLToText.convert(text)
            // Renumber this part's links after those already listed.
            text = converted.text
            if !accumulator.links.isEmpty, !converted.links.isEmpty {
                let offset = accumulator.links.count
                for number in stride(from: converted.links.count, through: 1, by: -1) {
                    text = text.replacingOccurrences(of: "[\(number)]", with: "[\(number + offset)]")
                }
            }
            accumulator.links.append(contentsOf: converted.links)
        case "plain":
            if type.parameter("format")?.lowercased() == "flowed" {
                text = FormatFlowed.unwrap(text, delSp: type.parameter("delsp")?.lowercased() == "yes")
            }
        default:
            break
        }
        if !accumulator.body.isEmpty { accumulator.body.append("") }
        accumulator.body.append(text.hasSuffix("\n") ? String(text.dropLast()) : text)
    }

    private func addAttachment(_ part: MIMEPart, into accumulator: inout Accumulator) {
        let name = part.filename
        let display = DisplaySanitizer.sanitizeLine(name ?? "(part \(pathString(part.path)))")
        let size = part.decodedSize
        accumulator.attachments.append(RenderedMessage.Attachment(
            path: part.path,
            filename: display,
            safeFilename: FileNameSanitizer.sanitize(name, fallback: "part-\(pathString(part.path))"),
            mediaType: DisplaySanitizer.sanitizeLine(part.mediaType.mimeType),
            size: size
        ))
    }

    private func pathString(_ path: [Int]) -> String {
        path.isEmpty ? "1" : path.map(String.init).joined(separator: ".")
    }
}
