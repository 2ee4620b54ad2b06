/// One node of a message's MIME tree (RFC 2045/2046). Leaves hold their encoded body;
/// `decodedBody()` decodes it on request. A multipart node has `children`; a
/// message/rfc822 node has one child: the embedded message's top-level part, whose
/// `headers` are the embedded message's headers.
public struct MIMEPart: Sendable {
    /// This part's header fields (for the top-level part: the message's header).
    public let headers: [HeaderField]
    /// The effective media type (RFC 2045 defaults applied).
    public let mediaType: MediaType
    /// Whether a Content-Type field was present and usable.
    public let hasExplicitMediaType: Bool
    public let disposition: ContentDisposition?
    public let transferEncoding: TransferEncoding
    /// Where the body is: a slice of the message in memory, or a range of its file.
    let body: PartBytes
    public let children: [MIMEPart]
    let preambleBytes: PartBytes?
    let epilogueBytes: PartBytes?
    /// Multipart only: whether the closing `--boundary--` was missing.
    public let missingCloseDelimiter: Bool
    /// True if a parse cap (depth, part count) stopped descent here; the body is kept as-is.
    public let isOpaque: Bool
    /// The position in the tree: [] for the top, [1] for the first child, [1, 2] … (IMAP style).
    public let path: [Int]

    init(headers: [HeaderField], mediaType: MediaType, hasExplicitMediaType: Bool, disposition: ContentDisposition?,
         transferEncoding: TransferEncoding, encodedBody: ArraySlice<UInt8>, children: [MIMEPart],
         preamble: ArraySlice<UInt8>?, epilogue: ArraySlice<UInt8>?, missingCloseDelimiter: Bool, isOpaque: Bool, path: [Int]) {
        self.init(headers: headers, mediaType: mediaType, hasExplicitMediaType: hasExplicitMediaType, disposition: disposition,
                  transferEncoding: transferEncoding, body: .memory(encodedBody), children: children,
                  preamble: preamble.map { .memory($0) }, epilogue: epilogue.map { .memory($0) },
                  missingCloseDelimiter: missingCloseDelimiter, isOpaque: isOpaque, path: path)
    }

    init(headers: [HeaderField], mediaType: MediaType, hasExplicitMediaType: Bool, disposition: ContentDisposition?,
         transferEncoding: TransferEncoding, body: PartBytes, children: [MIMEPart],
         preamble: PartBytes?, epilogue: PartBytes?, missingCloseDelimiter: Bool, isOpaque: Bool, path: [Int]) {
        self.headers = headers
        self.mediaType = mediaType
        self.hasExplicitMediaType = hasExplicitMediaType
        self.disposition = disposition
        self.transferEncoding = transferEncoding
        self.body = body
        self.children = children
        self.preambleBytes = preamble
        self.epilogueBytes = epilogue
        self.missingCloseDelimiter = missingCloseDelimiter
        self.isOpaque = isOpaque
        self.path = path
    }

    /// The body bytes as transmitted (still transfer-encoded). Shares storage with a
    /// message in memory; read from the file (now, each time) for a file-backed message.
    public var encodedBody: ArraySlice<UInt8> { body.bytes }

    /// The length of `encodedBody`, without reading a file-backed body.
    public var encodedSize: Int { body.count }

    /// Multipart only: text before the first boundary and after the last one.
    public var preamble: ArraySlice<UInt8>? { preambleBytes?.bytes }
    public var epilogue: ArraySlice<UInt8>? { epilogueBytes?.bytes }

    /// Whether the multipart's preamble holds anything, without reading it.
    var hasPreamble: Bool { !(preambleBytes?.isEmpty ?? true) }

    /// Content-Type parameters.
    public var parameters: [MIMEParameter] { mediaType.parameters }

    /// The first header field with this name, ignoring case.
    public func header(_ name: String) -> HeaderField? { headers.first { $0.hasName(name) } }

    /// The file name: Content-Disposition `filename`, else Content-Type `name` (RFC 2183 section 2.3).
    /// Not sanitised: pass it through `FileNameSanitizer` before saving.
    public var filename: String? {
        if let name = disposition?.filename, !name.isEmpty { return name }
        if let name = mediaType.parameter("name"), !name.isEmpty { return name }
        return nil
    }

    /// Content-ID without angle brackets.
    public var contentID: String? {
        header("Content-ID").flatMap { MessageIDParser.parse($0.value).first }
    }

    /// How the body is really encoded: the Content-Transfer-Encoding, except that an
    /// `application/x-uuencode` body sent as plain 7bit is uuencoded all the same.
    public var contentEncoding: TransferEncoding {
        switch transferEncoding {
        case .sevenBit, .eightBit, .binary, .other:
            if mediaType.type == "application", ["x-uuencode", "x-uue", "uuencode"].contains(mediaType.subtype) { return .uuencode }
            return transferEncoding
        default:
            return transferEncoding
        }
    }

    /// The body with its transfer encoding removed. Decoded on every call.
    public func decodedBody() -> [UInt8] {
        contentEncoding.decode(encodedBody)
    }

    /// The size of the decoded body, computed without decoding base64 parts.
    public var decodedSize: Int {
        body.decodedLength(contentEncoding)
    }

    /// The decoded body as text in its declared charset; nil for non-text parts.
    public func decodedText() -> DecodedText? {
        guard mediaType.isText || !hasExplicitMediaType else { return nil }
        return CharsetSniffer.decodeBody(decodedBody(), declared: mediaType.charset, hint: nil)
    }

    /// Whether this part is meant as an attachment rather than inline reading text.
    public var isAttachment: Bool {
        if let disposition, disposition.isAttachment { return true }
        if mediaType.isMultipart || mediaType.isEmbeddedMessage { return false }
        if mediaType.isText || !hasExplicitMediaType || MessageRenderer.readableMessageTypes.contains(mediaType.mimeType) {
            // Named text with no disposition is a file someone attached; inline text is for reading.
            return filename != nil && disposition == nil
        }
        return true
    }

    /// The embedded message of a message/rfc822 part.
    public var embeddedMessage: MIMEMessage? {
        guard mediaType.isEmbeddedMessage, let child = children.first else { return nil }
        return MIMEMessage(rootPart: child)
    }

    /// Every part in the tree in depth-first order, without recursion.
    public var allParts: [MIMEPart] {
        var result: [MIMEPart] = []
        var stack: [MIMEPart] = [self]
        while let part = stack.popLast() {
            result.append(part)
            stack.append(contentsOf: part.children.reversed())
        }
        return result
    }

    /// The part with this IMAP-style path (e.g. [2, 1]), searched without recursion.
    /// A single-part message's body is part "1" in IMAP; [1] finds it too.
    public func part(at path: [Int]) -> MIMEPart? {
        if let found = allParts.first(where: { $0.path == path }) { return found }
        if path == [1], self.path.isEmpty, !mediaType.isMultipart, !mediaType.isEmbeddedMessage { return self }
        return nil
    }

    /// Parses "2.1" into [2, 1]; nil if it is not dot-separated positive numbers.
    public static func path(from text: String) -> [Int]? {
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        let numbers = pieces.compactMap { Int($0) }
        guard !text.isEmpty, numbers.count == pieces.count, numbers.allSatisfy({ $0 >= 1 }) else { return nil }
        return numbers
    }
}
