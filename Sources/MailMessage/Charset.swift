import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text decoded from a charset, with a note when the charset was not recognised
/// and the text is a best-effort guess (never dropped).
public struct DecodedText: Sendable, Hashable {
    public var text: String
    /// False when the label was unknown; the caller shows a marker.
    public var charsetRecognized: Bool
    /// Set when the label was known but its bytes did not fit it and the text was read
    /// another way ("UTF-8"); the caller shows a "charset guessed" marker.
    public var shownAs: String?

    public init(text: String, charsetRecognized: Bool, shownAs: String? = nil) {
        self.text = text
        self.charsetRecognized = charsetRecognized
        self.shownAs = shownAs
    }

    /// Whether the text is a guess the reader should be told about.
    public var isGuess: Bool { !charsetRecognized || shownAs != nil }
}

/// Charset conversion to Unicode. Labels resolve through `CharsetLabel` (the WHATWG
/// table plus IANA aliases); UTF-8, US-ASCII, Windows-1252, x-user-defined and UTF-16 are
/// decoded here, everything else through glibc iconv. An `iconv_t` is not Sendable, so
/// one is opened and closed inside each call and never shared.
public enum Charset: Sendable {
    /// Decodes `bytes` labelled with `charset` (any MIME name or common alias).
    /// Unknown labels fall back to UTF-8 if the bytes are valid UTF-8, else Windows-1252,
    /// and report `charsetRecognized == false`.
    public static func decode(_ bytes: [UInt8], charset label: String?) -> DecodedText {
        let result = decodeReportingErrors(bytes, label: label)
        return DecodedText(text: result.text, charsetRecognized: result.recognized)
    }

    /// What decoding under a label gave: the text, whether the label was known, and
    /// whether some bytes did not fit it (each became U+FFFD).
    struct Attempt {
        var text: String
        var recognized: Bool
        var hadErrors: Bool
    }

    static func decodeReportingErrors(_ bytes: [UInt8], label: String?) -> Attempt {
        guard let decoder = resolve(label ?? "us-ascii") else {
            let guess = bestEffort(bytes)
            return Attempt(text: guess, recognized: false, hadErrors: false)
        }
        return decode(bytes, with: decoder)
    }

    static func decode(_ bytes: [UInt8], with decoder: CharsetLabel.Decoder) -> Attempt {
        switch decoder {
        case .utf8:
            if let valid = String(validating: bytes, as: UTF8.self) { return Attempt(text: valid, recognized: true, hadErrors: false) }
            return Attempt(text: String(decoding: bytes, as: UTF8.self), recognized: true, hadErrors: true)
        case .ascii:
            if bytes.allSatisfy({ $0 < 0x80 }) {
                return Attempt(text: String(decoding: bytes, as: UTF8.self), recognized: true, hadErrors: false)
            }
            // 8-bit bytes under an ASCII label: the label is wrong; guess.
            return Attempt(text: bestEffort(bytes), recognized: true, hadErrors: false)
        case .windows1252:
            return Attempt(text: windows1252(bytes), recognized: true, hadErrors: false)
        case .userDefined:
            var scalars = String.UnicodeScalarView()
            for byte in bytes { scalars.append(Unicode.Scalar(byte < 0x80 ? UInt32(byte) : 0xF700 + UInt32(byte))!) }
            return Attempt(text: String(scalars), recognized: true, hadErrors: false)
        case .utf16(let bigEndian):
            var name = bigEndian ? "UTF-16BE" : "UTF-16LE"
            var body = bytes[...]
            if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF { name = "UTF-16BE"; body = bytes.dropFirst(2) }
            if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE { name = "UTF-16LE"; body = bytes.dropFirst(2) }
            return iconvDecode(Array(body), from: name).map { Attempt(text: $0.text, recognized: true, hadErrors: $0.hadErrors) }
                ?? Attempt(text: bestEffort(bytes), recognized: false, hadErrors: false)
        case .iconv(let name):
            if isASCIICompatible(name), bytes.allSatisfy({ $0 < 0x80 }) {
                return Attempt(text: String(decoding: bytes, as: UTF8.self), recognized: true, hadErrors: false)
            }
            if let converted = iconvDecode(bytes, from: name) {
                return Attempt(text: converted.text, recognized: true, hadErrors: converted.hadErrors)
            }
            return Attempt(text: bestEffort(bytes), recognized: false, hadErrors: false)
        }
    }

    /// Encodings in which 7-bit bytes are ASCII, so 7-bit text needs no conversion.
    private static func isASCIICompatible(_ iconvName: String) -> Bool {
        // ISO-2022 and UTF-7 are 7-bit themselves: their escapes and shifts must be read.
        !(iconvName.hasPrefix("UTF-16") || iconvName.hasPrefix("UTF-32") || iconvName.hasPrefix("UTF-7") || iconvName.hasPrefix("UCS")
            || iconvName.hasPrefix("IBM0") || iconvName.hasPrefix("EBCDIC") || iconvName.hasPrefix("HZ") || iconvName.contains("2022"))
    }

    /// Whether this label names something decodable here.
    public static func isSupported(_ label: String) -> Bool {
        guard let decoder = resolve(label) else { return false }
        if case .iconv(let name) = decoder { return iconvKnows(name) }
        return true
    }

    /// The label's decoder: the table's, else iconv under the label itself when iconv
    /// knows it (e.g. `ibm037`), else nil.
    static func resolve(_ label: String) -> CharsetLabel.Decoder? {
        if let decoder = CharsetLabel.decoder(for: label) { return decoder }
        let name = label.trimmingMailWhitespace.uppercased()
        let allowed = !name.isEmpty && name.count <= 40 && name.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.:".unicodeScalars.contains($0))
        }
        guard allowed, iconvKnows(name) else { return nil }
        return .iconv(name)
    }

    private static func iconvKnows(_ name: String) -> Bool {
        let descriptor = iconv_open("UTF-8", name)
        if descriptor == iconv_t(bitPattern: -1) { return false }
        iconv_close(descriptor)
        return true
    }

    /// UTF-8 when the bytes are valid UTF-8, else Windows-1252: the guess for bytes whose
    /// label is unknown or wrong.
    static func bestEffort(_ bytes: [UInt8]) -> String {
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        return windows1252(bytes)
    }

    /// The decoder's name for a label ("UTF-8", "CP1251", "WINDOWS-1252", …), or
    /// "X-UNKNOWN" when nothing here decodes it.
    static func canonicalName(_ label: String) -> String {
        resolve(label)?.name ?? "X-UNKNOWN"
    }

    /// Converts through iconv, replacing undecodable bytes with U+FFFD instead of failing.
    /// Returns nil if iconv does not know the charset.
    private static func iconvDecode(_ input: [UInt8], from name: String) -> (text: String, hadErrors: Bool)? {
        let descriptor = iconv_open("UTF-8", name)
        if descriptor == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(descriptor) }
        var output: [UInt8] = []
        var hadErrors = false
        output.reserveCapacity(input.count * 2)
        var buffer = [CChar](repeating: 0, count: 16_384)
        var source = input
        source.withUnsafeMutableBufferPointer { sourceBuffer in
            guard let base = sourceBuffer.baseAddress else { return }
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(base).assumingMemoryBound(to: CChar.self)
            var inLeft = sourceBuffer.count
            let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
            buffer.withUnsafeMutableBufferPointer { outBuffer in
                guard let outBase = outBuffer.baseAddress else { return }
                while true {
                    var outPointer: UnsafeMutablePointer<CChar>? = outBase
                    var outLeft = outBuffer.count
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    let produced = outBuffer.count - outLeft
                    output.append(contentsOf: UnsafeRawBufferPointer(start: outBase, count: produced))
                    if result != -1 {
                        // Flush any shift state (ISO-2022).
                        var flushPointer: UnsafeMutablePointer<CChar>? = outBase
                        var flushLeft = outBuffer.count
                        _ = iconv(descriptor, nil, nil, &flushPointer, &flushLeft)
                        output.append(contentsOf: UnsafeRawBufferPointer(start: outBase, count: outBuffer.count - flushLeft))
                        break
                    }
                    let error = errno
                    if error == E2BIG { continue }
                    if error == EILSEQ || error == EINVAL {
                        hadErrors = true
                        output.append(contentsOf: replacement)
                        if inLeft <= 1 || error == EINVAL { break }
                        inPointer = inPointer.map { $0 + 1 }
                        inLeft -= 1
                        continue
                    }
                    break
                }
            }
        }
        return (String(decoding: output, as: UTF8.self), hadErrors)
    }

    /// Windows-1252 decoded in Swift: the most common fallback, and a superset of Latin-1
    /// for printable text. Bytes 0x80–0x9F that 1252 leaves undefined stay as C1 code
    /// points, which the display sanitiser makes visible.
    static func windows1252(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for byte in bytes {
            if byte >= 0x80 && byte <= 0x9F {
                let mapped = windows1252High[Int(byte - 0x80)]
                scalars.append(Unicode.Scalar(mapped) ?? Unicode.Scalar(UInt8(byte)))
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    private static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
