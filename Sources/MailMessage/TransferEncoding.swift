/// Content-Transfer-Encoding (RFC 2045 section 6): decoding that tolerates garbage,
/// and the encoders used when building messages.
public enum TransferEncoding: Sendable, Hashable {
    case sevenBit, eightBit, binary, quotedPrintable, base64
    /// `x-uuencode` and its spellings: never standard, written by mailers for decades.
    case uuencode
    /// An unrecognised token; the body is passed through undecoded.
    case other(String)

    /// RFC 2045 section 6.1: mechanism = "7bit" / "8bit" / "binary" / "quoted-printable" / "base64" / x-token
    public init(headerValue: String?) {
        guard let headerValue else { self = .sevenBit; return }
        let token = headerValue.trimmingMailWhitespace.lowercased()
            .split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "(" }).first.map(String.init) ?? ""
        switch token {
        case "", "7bit": self = .sevenBit
        case "8bit": self = .eightBit
        case "binary": self = .binary
        case "quoted-printable", "quotedprintable", "qp": self = .quotedPrintable
        case "base64", "base-64": self = .base64
        case "x-uuencode", "uuencode", "x-uue", "uue": self = .uuencode
        default: self = .other(token)
        }
    }

    /// The header token.
    public var name: String {
        switch self {
        case .sevenBit: "7bit"
        case .eightBit: "8bit"
        case .binary: "binary"
        case .quotedPrintable: "quoted-printable"
        case .base64: "base64"
        case .uuencode: "x-uuencode"
        case .other(let token): token
        }
    }

    /// Decodes a body; identity encodings return the bytes unchanged.
    public func decode(_ bytes: [UInt8]) -> [UInt8] {
        switch self {
        case .base64: TransferEncoding.decodeBase64(bytes)
        case .quotedPrintable: TransferEncoding.decodeQuotedPrintable(bytes)
        case .uuencode: UUEncode.decode(bytes)
        default: bytes
        }
    }

    /// Decodes a slice of a larger message without copying it first.
    public func decode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        switch self {
        case .base64: TransferEncoding.decodeBase64(bytes)
        case .quotedPrintable: TransferEncoding.decodeQuotedPrintable(bytes)
        case .uuencode: UUEncode.decode(bytes)
        default: Array(bytes)
        }
    }

    /// How many bytes `decode` would return, counted without decoding: listing a
    /// 45 MB attachment must not allocate 45 MB.
    public func decodedLength(_ bytes: ArraySlice<UInt8>) -> Int {
        var counter = LengthCounter(self)
        counter.add(bytes)
        return counter.length
    }

    /// Counts the decoded length of a body fed in pieces (each quoted-printable piece
    /// ending at a line break), so a body in a file is measured a window at a time.
    struct LengthCounter {
        let encoding: TransferEncoding
        /// Base64: symbols of the run being read, and whether padding ended it.
        private var symbols = 0
        private var sawPad = false
        private var bytes = 0
        /// x-uuencode: counted line by line.
        private var uuencoded = UUEncode.Decoder(collectBytes: false)

        init(_ encoding: TransferEncoding) {
            self.encoding = encoding
        }

        /// Adds a piece. Base64 is counted as `decodeBase64` decodes: symbols after
        /// padding start a new run (concatenated encodings), each run's bits in whole bytes.
        mutating func add(_ piece: ArraySlice<UInt8>) {
            switch encoding {
            case .base64:
                for byte in piece {
                    if byte == UInt8(ascii: "=") { sawPad = true; continue }
                    guard TransferEncoding.base64Values[Int(byte)] != 0xFF else { continue }
                    if sawPad {
                        bytes += symbols * 6 / 8
                        symbols = 0
                        sawPad = false
                    }
                    symbols += 1
                }
            case .quotedPrintable:
                bytes += TransferEncoding.decodeQuotedPrintable(piece).count
            case .uuencode:
                uuencoded.add(piece)
            default:
                bytes += piece.count
            }
        }

        var length: Int {
            switch encoding {
            case .base64: return bytes + symbols * 6 / 8
            case .uuencode:
                var finished = uuencoded
                finished.finish()
                return finished.length
            default: return bytes
            }
        }
    }

    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        // URL-safe variants are accepted too; they do appear in the wild.
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// RFC 2045 section 6.8. Characters outside the alphabet are ignored (as the RFC
    /// asks); decoding stops at the first `=` pad once a quantum is complete.
    public static func decodeBase64<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        var sawPad = false
        for byte in bytes {
            if byte == UInt8(ascii: "=") { sawPad = true; continue }
            let value = base64Values[Int(byte)]
            if value == 0xFF { continue }
            if sawPad {
                // Data after padding: a concatenation of base64 runs; restart the quantum.
                accumulator = 0
                bits = 0
                sawPad = false
            }
            accumulator = (accumulator << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
            }
        }
        return output
    }

    /// RFC 2045 section 6.7. Soft line breaks (`=` at end of line, with trailing blanks)
    /// are removed; an `=` not followed by two hex digits is kept literally; trailing
    /// whitespace on a line is dropped (rule 3).
    public static func decodeQuotedPrintable<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8 {
        let bytes = Array(input)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        let count = bytes.count
        var pendingWhitespace: [UInt8] = []
        while index < count {
            let byte = bytes[index]
            if byte == ASCII.space || byte == ASCII.tab {
                pendingWhitespace.append(byte)
                index += 1
                continue
            }
            if byte == ASCII.cr || byte == ASCII.lf {
                pendingWhitespace.removeAll()  // trailing whitespace before a hard break
                output.append(byte)
                index += 1
                continue
            }
            output.append(contentsOf: pendingWhitespace)
            pendingWhitespace.removeAll()
            if byte == UInt8(ascii: "=") {
                if index + 2 < count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                    output.append(high << 4 | low)
                    index += 3
                    continue
                }
                // Soft line break: "=" then optional blanks then CRLF/LF/end.
                var probe = index + 1
                while probe < count, bytes[probe] == ASCII.space || bytes[probe] == ASCII.tab { probe += 1 }
                if probe >= count {
                    index = probe
                    continue
                }
                if bytes[probe] == ASCII.lf {
                    index = probe + 1
                    continue
                }
                if bytes[probe] == ASCII.cr {
                    index = probe + 1
                    if index < count, bytes[index] == ASCII.lf { index += 1 }
                    continue
                }
                output.append(byte)
                index += 1
                continue
            }
            output.append(byte)
            index += 1
        }
        output.append(contentsOf: pendingWhitespace)
        return output
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Base64 without line breaks.
    public static func encodeBase64(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 2 < bytes.count {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            output.append(base64Alphabet[Int((value >> 18) & 63)])
            output.append(base64Alphabet[Int((value >> 12) & 63)])
            output.append(base64Alphabet[Int((value >> 6) & 63)])
            output.append(base64Alphabet[Int(value & 63)])
            index += 3
        }
        let remaining = bytes.count - index
        if remaining == 1 {
            let value = UInt32(bytes[index]) << 16
            output.append(base64Alphabet[Int((value >> 18) & 63)])
            output.append(base64Alphabet[Int((value >> 12) & 63)])
            output.append(contentsOf: Array("==".utf8))
        } else if remaining == 2 {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            output.append(base64Alphabet[Int((value >> 18) & 63)])
            output.append(base64Alphabet[Int((value >> 12) & 63)])
            output.append(base64Alphabet[Int((value >> 6) & 63)])
            output.append(UInt8(ascii: "="))
        }
        return output
    }

    /// Base64 in CRLF-terminated lines of 76 characters (RFC 2045 section 6.8).
    public static func encodeBase64Lines(_ bytes: [UInt8]) -> [UInt8] {
        let flat = encodeBase64(bytes)
        var output: [UInt8] = []
        output.reserveCapacity(flat.count + flat.count / 76 * 2 + 2)
        var index = 0
        while index < flat.count {
            let end = min(index + 76, flat.count)
            output.append(contentsOf: flat[index..<end])
            output.append(ASCII.cr)
            output.append(ASCII.lf)
            index = end
        }
        return output
    }

    /// Quoted-printable for a text body (RFC 2045 section 6.7): lines split at LF and
    /// written with CRLF, encoded lines at most 76 characters with soft breaks.
    public static func encodeQuotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        let hex = Array("0123456789ABCDEF".utf8)
        var lines: [ArraySlice<UInt8>] = bytes.split(separator: ASCII.lf, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true, bytes.last == ASCII.lf { lines.removeLast() }
        for (lineIndex, rawLine) in lines.enumerated() {
            var line = Array(rawLine)
            if line.last == ASCII.cr { line.removeLast() }
            var lineLength = 0
            for (position, byte) in line.enumerated() {
                let isLast = position == line.count - 1
                var encoded: [UInt8]
                let needsEncoding = byte == UInt8(ascii: "=") || byte > 126 || (byte < 32 && byte != ASCII.tab)
                    || ((byte == ASCII.space || byte == ASCII.tab) && isLast)
                    || (byte == UInt8(ascii: ".") && position == 0)
                if needsEncoding {
                    encoded = [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                } else {
                    encoded = [byte]
                }
                if lineLength + encoded.count > 75 {
                    output.append(contentsOf: [UInt8(ascii: "="), ASCII.cr, ASCII.lf])
                    lineLength = 0
                }
                output.append(contentsOf: encoded)
                lineLength += encoded.count
            }
            if lineIndex < lines.count - 1 || bytes.last == ASCII.lf {
                output.append(ASCII.cr)
                output.append(ASCII.lf)
            }
        }
        return output
    }
}
