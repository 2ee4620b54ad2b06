import Foundation

/// A parsed RFC 5322 message. Creating one parses only the header block, so listing a
/// mailbox never touches bodies; `body` builds the MIME tree on demand.
public struct MIMEMessage: Sendable {
    /// Where the message is: bytes in memory, or a file read in pieces.
    private enum Storage: Sendable {
        case memory([UInt8])
        /// The file, and the parse window's size (small in tests, to cross window edges).
        case file(MessageFile, window: Int)
    }

    private let storage: Storage
    /// Header fields in order.
    public let headers: [HeaderField]
    /// Index of the first body byte in `bytes`.
    public let bodyStart: Int
    public let limits: ParseLimits
    private let prebuiltRoot: MIMEPart?

    /// Parses the header block of `bytes` (CRLF or LF line ends).
    public init(bytes: [UInt8], limits: ParseLimits = .standard) {
        self.storage = .memory(bytes)
        self.limits = limits
        let header = HeaderParser.parse(bytes[...], limits: limits)
        self.headers = header.fields
        self.bodyStart = header.bodyStart
        self.prebuiltRoot = nil
    }

    /// Parses the header block of a message file. The body stays in the file: the MIME
    /// tree is built reading it a window at a time, and parts read their bytes when asked,
    /// so memory stays far below the message's size.
    public init(file: MessageFile, limits: ParseLimits = .standard) {
        self.init(file: file, limits: limits, window: 1 << 20)
    }

    init(file: MessageFile, limits: ParseLimits, window: Int) {
        self.storage = .file(file, window: window)
        self.limits = limits
        // The header's own lines, with room for HeaderParser's look at the next line.
        let head = file.read(0..<min(file.count, limits.maxHeaderBytes + 65_536))
        let header = HeaderParser.parse(head[...], limits: limits)
        self.headers = header.fields
        self.bodyStart = header.bodyStart
        self.prebuiltRoot = nil
    }

    /// A message view over an already parsed part (used for message/rfc822 children).
    init(rootPart: MIMEPart) {
        self.storage = .memory([])
        self.headers = rootPart.headers
        self.bodyStart = 0
        self.limits = .standard
        self.prebuiltRoot = rootPart
    }

    /// The message exactly as given (read whole from the file for a file-backed message).
    public var bytes: [UInt8] {
        switch storage {
        case .memory(let bytes): bytes
        case .file(let file, _): file.read(0..<file.count)
        }
    }

    /// The message's size in bytes.
    public var count: Int {
        switch storage {
        case .memory(let bytes): bytes.count
        case .file(let file, _): file.count
        }
    }

    /// The MIME tree. Parsed on each access (cheap for headers-only use, linear in
    /// the body size otherwise); keep the result if you need it more than once.
    public var body: MIMEPart {
        if let prebuiltRoot { return prebuiltRoot }
        var parser = MIMETreeParser(limits: limits)
        switch storage {
        case .memory(let bytes):
            return parser.parseBody(headers: headers, bytes: bytes, bodyRange: bodyStart..<bytes.count, depth: 0, path: [], inDigest: false)
        case .file(let file, let window):
            return parser.parseBody(headers: headers, bytes: FileWindow(file, windowSize: window), bodyRange: bodyStart..<file.count, depth: 0, path: [], inDigest: false)
        }
    }

    /// The raw body bytes (after the header block).
    public var rawBody: ArraySlice<UInt8> { bodyBytes(bodyStart..<count) }

    /// Body bytes in `range` of the message (clamped).
    private func bodyBytes(_ range: Range<Int>) -> ArraySlice<UInt8> {
        switch storage {
        case .memory(let bytes): bytes[max(0, min(range.lowerBound, bytes.count))..<max(0, min(range.upperBound, bytes.count))]
        case .file(let file, _): file.read(range)[...]
        }
    }

    /// The first header field with this name, ignoring case.
    public func header(_ name: String) -> HeaderField? { headers.first { $0.hasName(name) } }

    /// All header fields with this name, in order.
    public func headers(named name: String) -> [HeaderField] { headers.filter { $0.hasName(name) } }

    /// Subject, unfolded and RFC 2047-decoded (not yet sanitised for display).
    public var subject: String? { header("Subject")?.decodedValue(fallbackCharset: headerCharset) }

    /// The charset to read raw 8-bit header bytes in when they are not UTF-8: the
    /// Content-Type charset of the message, or the first `charset=` in its first 64 KB
    /// (legacy mailers wrote unencoded headers in the body's charset).
    public var headerCharset: String? {
        if let charset = EntityInfo(headers: headers, inDigest: false).mediaType.charset, !Self.isUnhelpful(charset) {
            return charset
        }
        let window = bodyBytes(bodyStart..<min(count, bodyStart + 65_536))
        let needle = Array("charset=".utf8)
        var index = window.startIndex
        while index + needle.count < window.endIndex {
            if ASCII.lowercased(window[index]) == needle[0], ASCII.equalsIgnoringCase(window[index..<index + needle.count], "charset=") {
                var start = index + needle.count
                if start < window.endIndex, window[start] == UInt8(ascii: "\"") { start += 1 }
                var end = start
                while end < window.endIndex, end - start < 40, !ASCII.isWhitespace(window[end]), window[end] != UInt8(ascii: "\""), window[end] != UInt8(ascii: ";") { end += 1 }
                let charset = String(decoding: window[start..<end], as: UTF8.self)
                if !Self.isUnhelpful(charset) { return charset }
            }
            index += 1
        }
        return nil
    }

    /// A charset to try for unlabelled 8-bit body text: `headerCharset`, else the charset
    /// of the first RFC 2047 encoded word in the header.
    public var charsetHint: String? {
        if let charset = headerCharset { return charset }
        for field in headers {
            let text = field.value
            guard let start = text.range(of: "=?") else { continue }
            let rest = text[start.upperBound...]
            if let end = rest.firstIndex(of: "?") {
                let charset = String(rest[..<end])
                if !Self.isUnhelpful(charset), Charset.isSupported(charset) { return charset }
            }
        }
        return nil
    }

    private static func isUnhelpful(_ charset: String) -> Bool {
        ["us-ascii", "utf-8", "utf8", "ascii", ""].contains(charset.lowercased())
    }

    public var from: AddressList { addressList("From") }
    public var sender: AddressList { addressList("Sender") }
    public var replyTo: AddressList { addressList("Reply-To") }
    public var to: AddressList { addressList("To") }
    public var cc: AddressList { addressList("Cc") }
    public var bcc: AddressList { addressList("Bcc") }

    /// All fields with this name joined, parsed as an address list (RFC 5322 section 3.6.2/3.6.3).
    public func addressList(_ name: String) -> AddressList {
        let fields = headers(named: name)
        guard !fields.isEmpty else { return AddressList() }
        let charset = headerCharset
        return AddressParser.parseList(fields.map { $0.value(fallbackCharset: charset) }.joined(separator: ", "))
    }

    /// The Date field as an instant, or nil if missing or unreadable.
    public var date: Date? { header("Date").flatMap { DateParser.parse($0.value)?.date } }

    /// Message-ID without angle brackets.
    public var messageID: String? { header("Message-ID").flatMap { MessageIDParser.parse($0.value).first } }
    public var inReplyTo: [String] { header("In-Reply-To").map { MessageIDParser.parse($0.value) } ?? [] }
    public var references: [String] { headers(named: "References").flatMap { MessageIDParser.parse($0.value) } }
}

/// Named entry point for callers that prefer a function.
public enum MessageParser: Sendable {
    /// Parses raw message bytes; see `MIMEMessage`.
    public static func parse(_ bytes: [UInt8], limits: ParseLimits = .standard) -> MIMEMessage {
        MIMEMessage(bytes: bytes, limits: limits)
    }
}
