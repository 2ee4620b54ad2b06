import Foundation

/// Turns a parsed message into what the reader sees: chosen body text (text/plain
/// preferred, flowed text unwrapped, HTML converted), the attachment list and links,
/// all sanitised for the terminal.
public struct MessageRenderer: Sendable {
    /// Prefer text/plain over text/html in multipart/alternative (the default).
    public var preferPlainText: Bool
    /// Header fields shown, in this order, when present.
    public var headerNames: [String]
    /// Turns text/html into text instead of the built-in `HTMLToText` (the user's
    /// `html_viewer`); when it throws, the built-in converter is used and a note says why.
    public var htmlConverter: (@Sendable (String) throws -> String)?
    /// Every header field, as it was (decoded and made safe), instead of `headerNames`.
    public var showsAllHeaders = false
    /// The reader's time zone: a calendar invitation's time is also given in it.
    public var timeZone: TimeZone
    /// Checks signatures and decrypts when the message has signed or encrypted parts
    /// (MailCrypto's engine); nil renders them as plain parts, unchecked, as the
    /// search index and the benchmarks do.
    public var cryptography: (any MessageCryptography)?

    public init(preferPlainText: Bool = true, headerNames: [String] = ["Date", "From", "Sender", "Reply-To", "To", "Cc", "Subject", "List-Id"],
                htmlConverter: (@Sendable (String) throws -> String)? = nil, showsAllHeaders: Bool = false, timeZone: TimeZone = .current,
                cryptography: (any MessageCryptography)? = nil) {
        self.timeZone = timeZone
        self.preferPlainText = preferPlainText
        self.headerNames = headerNames
        self.htmlConverter = htmlConverter
        self.showsAllHeaders = showsAllHeaders
        self.cryptography = cryptography
    }

    struct Accumulator {
        var body: [String] = []
        var links: [String] = []
        var notes: [String] = []
        var charsetHint: String?
        /// The message's parts as every listing numbers them.
        var parts: MessagePartList
        /// The calendar part shown as a summary (not again as text).
        var calendarPath: [Int]?
        /// Indexes in `body` of Merle's own lines (borders), which keep the security mark;
        /// every other entry is message text and loses it.
        var ownLines: Set<Int> = []
        /// The signed and encrypted pieces met, in order.
        var reports: [SecurityReport] = []
        /// The message's From, which signers are compared with.
        var fromAddresses: [Address] = []
        /// Whether the tree being rendered is the whole message (false inside a part that
        /// is itself only a piece), for `SecurityReport.coversWholeMessage`.
        var treeIsWholeMessage = true
        /// Inside decrypted content: the number of the outermost part it came from.
        var insidePart: Int?
        /// Attachments found inside decrypted content, numbered after the message's own parts.
        var openedAttachments: [RenderedMessage.Attachment] = []
        /// The number the next of them gets.
        var nextOpenedNumber = 1
        /// The Subject inside decrypted content that is the whole message (protected headers).
        var protectedSubject: HeaderField?
        /// The path of each signed content and its piece's name, for the attachment list;
        /// `layer` is the `insidePart` it was found in (nil: the message's own tree).
        var signedPaths: [(layer: Int?, path: [Int], noun: String)] = []
        /// Signature checks and decryptions run so far, against `maxCryptoChecks`.
        var cryptoChecks = 0
        var notedCheckLimit = false

        /// The signed contents found in one layer, outermost first.
        func signedPaths(in layer: Int?) -> [(path: [Int], noun: String)] {
            signedPaths.filter { $0.layer == layer }.map { ($0.path, $0.noun) }
        }

        /// Appends one of Merle's own lines.
        mutating func appendOwn(_ line: String) {
            ownLines.insert(body.count)
            body.append(line)
        }
    }

    /// Renders the message. Bodies are decoded here (never while listing).
    public func render(_ message: MIMEMessage) -> RenderedMessage {
        let root = message.body
        var accumulator = Accumulator(parts: MessagePartList(root: root, measuringEveryPart: false))
        accumulator.charsetHint = message.charsetHint
        let calendar = invitationSummary(accumulator.parts)
        if let calendar {
            accumulator.calendarPath = calendar.entry.path
            accumulator.body = calendar.lines
        }
        accumulator.fromAddresses = message.from.addresses
        accumulator.nextOpenedNumber = accumulator.parts.entries.count + 1
        renderPart(root, into: &accumulator, depth: 0)
        var body = accumulator.body.enumerated()
            .map { accumulator.ownLines.contains($0.offset) ? $0.element : SecurityMarker.defang($0.element) }
            .joined(separator: "\n")
        if !body.isEmpty, !body.hasSuffix("\n") { body += "\n" }
        let notes = accumulator.notes.map { SecurityMarker.defang(DisplaySanitizer.sanitizeLine($0)) }
        var blocks = accumulator.reports.map { (lines: $0.statusLines(from: accumulator.fromAddresses), warning: $0.isWarning) }
        // Every message has a status when signatures are checked, so "good signature"
        // written in a plain message's body never stands where a real status would.
        if cryptography != nil, blocks.isEmpty { blocks = [([SecurityReport.unsignedLine], false)] }
        if !notes.isEmpty {
            body = notes.map { "[\($0)]" }.joined(separator: "\n") + "\n\n" + body
        }
        return RenderedMessage(
            headerLines: headerLines(Self.replacingSubject(message.headers, with: accumulator.protectedSubject),
                                     fallbackCharset: message.headerCharset).map(SecurityMarker.defang),
            bodyText: DisplaySanitizer.sanitize(body),
            attachments: accumulator.parts.attachments.map { Self.attachment($0, signedPaths: accumulator.signedPaths(in: nil)) }
                + accumulator.openedAttachments,
            links: accumulator.links.map { SecurityMarker.defang(DisplaySanitizer.sanitizeLine($0)) },
            notes: notes,
            security: accumulator.reports,
            securityLines: blocks.flatMap(\.lines),
            securityWarnings: blocks.flatMap { block in block.lines.map { _ in block.warning } },
            warningBorders: Set(accumulator.reports.filter(\.hasProblem).flatMap { [$0.openingBorder, $0.closingBorder] }),
            invitation: calendar?.invitation,
            invitationPart: calendar?.entry.number
        )
    }

    /// The header with the protected Subject in the outer one's place.
    static func replacingSubject(_ headers: [HeaderField], with subject: HeaderField?) -> [HeaderField] {
        guard let subject else { return headers }
        guard headers.contains(where: { $0.hasName("Subject") }) else { return headers + [subject] }
        var replaced = false
        return headers.compactMap { field in
            guard field.hasName("Subject") else { return field }
            defer { replaced = true }
            return replaced ? nil : subject
        }
    }

    /// Report parts that are plain text in all but name (RFC 3464, RFC 8098, RFC 6522).
    static let readableMessageTypes: Set<String> = ["message/delivery-status", "message/disposition-notification", "message/global-delivery-status", "message/global-headers"]

    /// The decoded bytes of the MIME part at `path`.
    public func attachmentData(_ message: MIMEMessage, path: [Int]) -> [UInt8]? {
        message.body.part(at: path)?.decodedBody()
    }

    /// The decoded bytes of a listed attachment (a MIME part, or a uuencoded file in a text part).
    public func attachmentData(_ message: MIMEMessage, attachment: RenderedMessage.Attachment) -> [UInt8]? {
        if let opened = attachment.openedData { return opened }
        let root = message.body
        let parts = MessagePartList(root: root, measuringEveryPart: false)
        guard let entry = parts.entry(attachment.number), entry.path == attachment.path else { return nil }
        return parts.data(of: entry)
    }

    /// An attachment list entry made safe for display, with the innermost signed content
    /// holding it (`signedPaths`: content paths, outermost first).
    static func attachment(_ entry: MessagePartList.Entry, signedPaths: [(path: [Int], noun: String)]) -> RenderedMessage.Attachment {
        var attachment = attachment(entry)
        attachment.coveredBy = signedPaths.last { entry.path.starts(with: $0.path) }?.noun
        return attachment
    }

    /// An attachment list entry made safe for display.
    static func attachment(_ entry: MessagePartList.Entry) -> RenderedMessage.Attachment {
        let isCalendar = entry.mediaType == "text/calendar" || entry.mediaType == "application/ics"
        let fallback = isCalendar ? "invite-\(entry.number).ics" : "part-\(entry.number)"
        return RenderedMessage.Attachment(
            number: entry.number,
            path: entry.path,
            filename: SecurityMarker.defang(DisplaySanitizer.sanitizeLine(entry.filename ?? (isCalendar ? "(calendar)" : "(unnamed)"))),
            safeFilename: FileNameSanitizer.sanitize(entry.filename, fallback: fallback),
            mediaType: DisplaySanitizer.sanitizeLine(entry.mediaType),
            size: entry.size
        )
    }

    /// The display header lines, decoded and sanitised: `headerNames`, or every field in
    /// order with `showsAllHeaders`.
    public func headerLines(_ headers: [HeaderField], fallbackCharset: String? = nil) -> [String] {
        if showsAllHeaders {
            return headers.map { field in
                DisplaySanitizer.sanitizeLine(field.name) + ": " + DisplaySanitizer.sanitizeLine(field.decodedValue(fallbackCharset: fallbackCharset).trimmingMailWhitespace)
            }
        }
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
    func renderPart(_ part: MIMEPart, into accumulator: inout Accumulator, depth: Int) {
        let type = part.mediaType
        if part.isOpaque {
            accumulator.notes.append("part \(number(of: part, in: accumulator)) not shown: nesting or part limit reached")
            return
        }
        if cryptography != nil, renderSecured(part, into: &accumulator, depth: depth) { return }
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
                // The other parts are resources (images…): the attachment list has them.
                if let root { renderPart(root, into: &accumulator, depth: depth + 1) }
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
        // Attachments and other non-text leaves are listed under the body (MessagePartList).
        if part.isAttachment { return }
        // The calendar summarised above is not shown again as text.
        if part.path == accumulator.calendarPath, ["text/calendar", "application/ics"].contains(part.mediaType.mimeType) { return }
        if MessagePartList.isReadableText(part) {
            appendText(of: part, into: &accumulator)
        }
    }

    func chooseAlternative(_ children: [MIMEPart]) -> MIMEPart? {
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
}
