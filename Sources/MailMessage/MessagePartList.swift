/// A message's parts numbered once, for every place that shows or takes a part number:
/// `merle show --parts` and `--part N`, the attachment list of `merle show --text` and
/// the pager's (which `w` and `v` ask for). Numbers run depth-first from 1 over the MIME
/// tree (multiparts included), each uuencoded file found in a plain-text part numbered
/// right after that part.
public struct MessagePartList: Sendable {
    /// One numbered part.
    public struct Entry: Sendable, Hashable {
        /// The number every listing shows, from 1.
        public var number: Int
        /// The MIME part's IMAP-style path ([] for a single-part message's body).
        public var path: [Int]
        /// Nesting depth, 0 for the message itself.
        public var depth: Int
        /// "type/subtype" (for a uuencoded file, a guess from its name).
        public var mediaType: String
        /// The Content-Type charset, if any.
        public var charset: String?
        /// The file name as given (decoded, not sanitised).
        public var filename: String?
        /// The Content-Disposition type ("inline", "attachment"), if any.
        public var disposition: String?
        /// Decoded size in bytes.
        public var size: Int
        /// Content-ID without angle brackets.
        public var contentID: String?
        /// For a uuencoded file inside a text part: which one (0-based) in that part.
        public var uuencodedBlock: Int?
        /// Whether it belongs in the attachment list: every part with a file name and
        /// every leaf that is not text, wherever it sits in the tree (also in an
        /// alternative that is not shown).
        public var isAttachment: Bool

        /// The path as IMAP names the part: "1" for a single-part message's body, "" for
        /// a multipart message's top.
        public var pathString: String {
            guard path.isEmpty else { return path.map(String.init).joined(separator: ".") }
            return mediaType.hasPrefix("multipart/") ? "" : "1"
        }
    }

    public let entries: [Entry]
    /// The MIME part behind each entry (for a uuencoded file, the text part holding it).
    /// Paths alone are not enough: an attached multipart message shares its path with
    /// its own top part, as IMAP numbers them.
    private let nodes: [MIMEPart]

    /// Numbers the parts of a message's tree (see `MIMEMessage.body`).
    public init(root: MIMEPart) {
        self.init(root: root, measuringEveryPart: true)
    }

    /// With `measuringEveryPart` false only the attachments' sizes are counted (the others
    /// are 0): what the renderer needs, without decoding quoted-printable text to count it.
    init(root: MIMEPart, measuringEveryPart: Bool) {
        var entries: [Entry] = []
        var nodes: [MIMEPart] = []
        var stack: [(part: MIMEPart, depth: Int)] = [(root, 0)]
        while let (part, depth) = stack.popLast() {
            let type = part.mediaType
            let isLeaf = part.children.isEmpty
            var listed: Bool
            if part.isOpaque {
                listed = true
            } else if type.isMultipart {
                listed = false
            } else if type.isEmbeddedMessage {
                listed = part.isAttachment || part.filename != nil
            } else {
                // A calendar is shown as a summary but listed too, so it can be saved (.ics) or piped.
                listed = part.filename != nil || part.disposition?.isAttachment == true || !Self.isReadableText(part)
                    || type.mimeType == "text/calendar"
            }
            // A plain-text part is decoded here only when it may hold pasted uuencoded files.
            let text = isLeaf && Self.mayHoldUUEncodedFiles(part) ? part.decodedBody() : nil
            entries.append(Entry(
                number: entries.count + 1, path: part.path, depth: depth, mediaType: type.mimeType, charset: type.charset,
                filename: part.filename, disposition: part.disposition?.type,
                size: text?.count ?? (listed || measuringEveryPart ? part.decodedSize : 0),
                contentID: part.contentID, uuencodedBlock: nil, isAttachment: listed))
            nodes.append(part)
            if let text {
                for (index, block) in UUEncode.blocks(in: text).enumerated() {
                    let name = HeaderField.decodeRawText(block.name, fallbackCharset: type.charset)
                    entries.append(Entry(
                        number: entries.count + 1, path: part.path, depth: depth + 1, mediaType: MediaType.guess(forFileName: name),
                        charset: nil, filename: name, disposition: "attachment", size: block.size, contentID: nil,
                        uuencodedBlock: index, isAttachment: true))
                    nodes.append(part)
                }
            }
            // An attached message is one file; its own parts are inside it.
            if part.isOpaque || (type.isEmbeddedMessage && part.isAttachment) { continue }
            for child in part.children.reversed() { stack.append((child, depth + 1)) }
        }
        self.entries = entries
        self.nodes = nodes
    }

    /// The parts that belong in the attachment list, in number order.
    public var attachments: [Entry] { entries.filter(\.isAttachment) }

    /// The part numbered `number`.
    public func entry(_ number: Int) -> Entry? {
        entries.indices.contains(number - 1) ? entries[number - 1] : nil
    }

    /// The numbers of the uuencoded files found in the text part at `path`, in order.
    func uuencodedNumbers(inPartAt path: [Int]) -> [Int] {
        entries.filter { $0.path == path && $0.uuencodedBlock != nil }.map(\.number)
    }

    /// The decoded bytes of a part: transfer encoding removed, or the uuencoded file
    /// decoded. A multipart gives its body as it is.
    public func data(of entry: Entry) -> [UInt8]? {
        guard nodes.indices.contains(entry.number - 1) else { return nil }
        let part = nodes[entry.number - 1]
        guard let block = entry.uuencodedBlock else { return part.decodedBody() }
        let text = part.decodedBody()
        let blocks = UUEncode.blocks(in: text)
        guard blocks.indices.contains(block) else { return nil }
        return UUEncode.decode(text[blocks[block].range])
    }

    /// Text read in the body rather than saved: text/*, untyped parts and the report
    /// types shown as text.
    static func isReadableText(_ part: MIMEPart) -> Bool {
        part.mediaType.isText || !part.hasExplicitMediaType || MessageRenderer.readableMessageTypes.contains(part.mediaType.mimeType)
    }

    /// Plain-text parts shown in the body may carry pasted uuencoded files. "begin " lines
    /// survive quoted-printable, so those and unencoded bodies are looked at as they are;
    /// a base64 body is decoded first.
    static func mayHoldUUEncodedFiles(_ part: MIMEPart) -> Bool {
        guard !part.isOpaque, !part.isAttachment, part.mediaType.mimeType == "text/plain" || !part.hasExplicitMediaType else { return false }
        if part.transferEncoding == .base64 { return true }
        return part.body.anyPiece(UUEncode.mayContainBlock)
    }
}
