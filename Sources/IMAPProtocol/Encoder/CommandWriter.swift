/// Builds the bytes of one command, choosing for every user string the safest form:
/// an atom when it is plain, a quoted string (with `\` and `"` escaped) when it is
/// 7-bit text, a literal when it holds CR, LF, NUL or 8-bit bytes. So no string can
/// end the command line early and smuggle in a second command.
struct CommandWriter {
    let options: CommandEncodingOptions
    /// Finished chunks; each but the last ends in a synchronizing literal announcement.
    private(set) var chunks: [[UInt8]] = []
    private var current: [UInt8] = []

    init(options: CommandEncodingOptions) {
        self.options = options
    }

    mutating func append(_ text: String) {
        current.append(contentsOf: text.utf8)
    }

    mutating func append(bytes: [UInt8]) {
        current.append(contentsOf: bytes)
    }

    /// `(a b c)`: each element written by `element`, separated by spaces.
    mutating func appendList<Element>(_ elements: [Element], _ element: (inout CommandWriter, Element) throws -> Void) rethrows {
        append("(")
        for (index, item) in elements.enumerated() {
            if index > 0 { append(" ") }
            try element(&self, item)
        }
        append(")")
    }

    /// An atom the caller built (a keyword, a flag); refused if it is not one.
    mutating func appendAtom(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ Self.isAtomChar($0) || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "]") }) else {
            throw IMAPEncodingError.notAnAtom(text)
        }
        current.append(contentsOf: bytes)
    }

    /// `astring`: atom, quoted or literal, whichever is safe.
    mutating func appendAString(_ bytes: [UInt8]) throws {
        if !bytes.isEmpty, bytes.allSatisfy(Self.isAtomChar), bytes.count < 1024 {
            current.append(contentsOf: bytes)
        } else {
            appendString(bytes)
        }
    }

    /// `string`: quoted or literal, never an atom.
    mutating func appendString(_ bytes: [UInt8], allowEightBitQuoted: Bool = false) {
        let quotable = bytes.count < 1024 && bytes.allSatisfy { byte in
            byte != 0 && byte != 0x0D && byte != 0x0A && (byte < 0x80 || allowEightBitQuoted)
        }
        if quotable {
            current.append(UInt8(ascii: "\""))
            for byte in bytes {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { current.append(UInt8(ascii: "\\")) }
                current.append(byte)
            }
            current.append(UInt8(ascii: "\""))
        } else {
            appendLiteral(bytes)
        }
    }

    /// A literal: `{n+}` when the server accepts non-synchronizing literals of this
    /// size (LITERAL+, or LITERAL- up to 4096 bytes), else `{n}` and a wait for `+`.
    mutating func appendLiteral(_ bytes: [UInt8]) {
        let nonSynchronizing = options.literalPlus || (options.literalMinus && bytes.count <= 4096)
        current.append(contentsOf: Array("{\(bytes.count)\(nonSynchronizing ? "+" : "")}\r\n".utf8))
        if !nonSynchronizing {
            chunks.append(current)
            current = []
        }
        current.append(contentsOf: bytes)
    }

    /// A mailbox name: modified UTF-7, or UTF-8 under UTF8=ACCEPT, then as an astring.
    mutating func appendMailbox(_ name: MailboxName) throws {
        let bytes = name.wireBytes(utf8: options.utf8Accept)
        if name.isInbox {
            current.append(contentsOf: Array("INBOX".utf8))
        } else if options.utf8Accept, bytes.contains(where: { $0 >= 0x80 }), !bytes.contains(0), !bytes.contains(0x0D), !bytes.contains(0x0A) {
            appendString(bytes, allowEightBitQuoted: true)
        } else {
            try appendAString(bytes)
        }
    }

    /// A LIST pattern: like a mailbox, but `%` and `*` stay wildcards.
    mutating func appendListPattern(_ pattern: MailboxName) throws {
        let bytes = pattern.wireBytes(utf8: options.utf8Accept)
        if !bytes.isEmpty, bytes.allSatisfy({ Self.isAtomChar($0) || $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "*") }) {
            current.append(contentsOf: bytes)
        } else {
            appendString(bytes, allowEightBitQuoted: options.utf8Accept)
        }
    }

    mutating func appendFlags(_ flags: [Flag]) throws {
        append("(")
        for (index, flag) in flags.enumerated() {
            if index > 0 { append(" ") }
            try appendAtom(flag.rawValue)
        }
        append(")")
    }

    /// Ends the command line.
    mutating func finish() -> [[UInt8]] {
        current.append(contentsOf: [0x0D, 0x0A])
        chunks.append(current)
        current = []
        return chunks
    }

    /// ATOM-CHAR (RFC 9051): any CHAR except `(){ %*"\]`, SP and controls.
    static func isAtomChar(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21...0x7E:
            return !"(){%*\"\\]".utf8.contains(byte)
        default:
            return false
        }
    }
}
