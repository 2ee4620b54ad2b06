import Foundation

/// One header field as it appeared in the message: the name, the raw value bytes
/// (folding kept) and views of the value unfolded and RFC 2047-decoded.
public struct HeaderField: Sendable, Hashable {
    /// The field name as written (case kept; compare with `hasName`).
    public let name: String
    /// The bytes after the colon up to the end of the field, folding line breaks kept.
    public let rawValue: [UInt8]

    public init(name: String, rawValue: [UInt8]) {
        self.name = name
        self.rawValue = rawValue
    }

    /// The value with folding removed (RFC 5322 section 2.2.3) and leading whitespace trimmed.
    /// 8-bit bytes are read as UTF-8 (RFC 6532), falling back to Latin-1 per byte.
    public var value: String { value(fallbackCharset: nil) }

    /// `value`, reading raw 8-bit bytes that are not UTF-8 in `fallbackCharset` (the
    /// message's declared body charset is the best guess for legacy unencoded headers).
    public func value(fallbackCharset: String?) -> String {
        var unfolded: [UInt8] = []
        unfolded.reserveCapacity(rawValue.count)
        for byte in rawValue where byte != ASCII.cr && byte != ASCII.lf {
            unfolded.append(byte)
        }
        var start = 0
        while start < unfolded.count, unfolded[start] == ASCII.space || unfolded[start] == ASCII.tab { start += 1 }
        return HeaderField.decodeRawText(Array(unfolded[start...]), fallbackCharset: fallbackCharset)
    }

    /// The value as unstructured text: unfolded, whitespace runs collapsed and
    /// RFC 2047 encoded words decoded.
    public var decodedValue: String { decodedValue(fallbackCharset: nil) }

    /// `decodedValue` with a fallback charset for raw 8-bit bytes (see `value(fallbackCharset:)`).
    public func decodedValue(fallbackCharset: String?) -> String {
        EncodedWord.decodeUnstructured(foldedValue(fallbackCharset: fallbackCharset))
    }

    /// RFC 5322 section 2.2.3 unfolding for display: each line break and the blanks
    /// around it become one space; other whitespace is kept.
    func foldedValue(fallbackCharset: String?) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(rawValue.count)
        var index = 0
        while index < rawValue.count {
            let byte = rawValue[index]
            if byte == ASCII.cr || byte == ASCII.lf {
                while let last = output.last, last == ASCII.space || last == ASCII.tab { output.removeLast() }
                while index < rawValue.count, ASCII.isWhitespace(rawValue[index]) { index += 1 }
                output.append(ASCII.space)
                continue
            }
            output.append(byte)
            index += 1
        }
        return HeaderField.decodeRawText(output, fallbackCharset: fallbackCharset).trimmingMailWhitespace
    }

    /// Whether this field has the given name, ignoring case.
    public func hasName(_ other: String) -> Bool {
        // Field names are ASCII (RFC 5322 §2.2): compare bytes folding A-Z, far cheaper than
        // Foundation's Unicode comparison on every lookup of every field. A name with other
        // bytes (a malformed header) gets the Unicode comparison, as before. The bytes are
        // read from contiguous storage: iterating the UTF-8 views cost 3% of a first sync.
        let ascii = name.utf8.withContiguousStorageIfAvailable { left in
            other.utf8.withContiguousStorageIfAvailable { right in Self.asciiEqualFoldingCase(left, right) } ?? nil
        } ?? nil
        return ascii ?? (name.caseInsensitiveCompare(other) == .orderedSame)
    }

    /// Whether two ASCII names are equal folding A-Z only; nil when either has another byte.
    private static func asciiEqualFoldingCase(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard left.count == right.count else {
            if left.contains(where: { $0 >= 0x80 }) || right.contains(where: { $0 >= 0x80 }) { return nil }
            return false
        }
        var equal = true
        for index in 0..<left.count {
            let a = left[index], b = right[index]
            guard a < 0x80, b < 0x80 else { return nil }
            if a != b {
                let folded = a | 0x20
                if folded != b | 0x20 || folded < 0x61 || folded > 0x7A { equal = false }
            }
        }
        return equal
    }

    /// Raw 8-bit header text, read in one charset per field: UTF-8 if valid (RFC 6532),
    /// else the message's declared charset if the bytes fit it, else a legacy guess (the
    /// charset of the field's own encoded words when single-byte, else Windows-1252).
    /// 8-bit bytes inside Q encoded words are left to the word's charset (escaped as
    /// `=XX`), so no byte is decoded twice.
    static func decodeRawText(_ bytes: [UInt8], fallbackCharset: String? = nil) -> String {
        guard bytes.contains(where: { $0 >= 0x80 }) else { return String(decoding: bytes, as: UTF8.self) }
        let bytes = EncodedWord.escapingRawBytesInQWords(bytes)
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        if let fallbackCharset, let decoder = Charset.resolve(fallbackCharset), decoder != .utf8, decoder != .ascii {
            let attempt = Charset.decode(bytes, with: decoder)
            if !attempt.hadErrors { return attempt.text }
        }
        if let wordCharset = EncodedWord.firstCharset(in: bytes), let decoder = Charset.resolve(wordCharset), decoder.isSingleByte {
            return Charset.decode(bytes, with: decoder).text
        }
        return Charset.windows1252(bytes)
    }
}
