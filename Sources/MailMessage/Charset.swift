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
    /// False when the label was unknown or the bytes did not fit it; the caller shows a marker.
    public var charsetRecognized: Bool

    public init(text: String, charsetRecognized: Bool) {
        self.text = text
        self.charsetRecognized = charsetRecognized
    }
}

/// Charset conversion to Unicode through iconv (glibc). An `iconv_t` is not Sendable,
/// so one is opened and closed inside each call and never shared.
public enum Charset: Sendable {
    /// Decodes `bytes` labelled with `charset` (any MIME name or common alias).
    /// Unknown labels fall back to UTF-8 if the bytes are valid UTF-8, else Windows-1252,
    /// and report `charsetRecognized == false`.
    public static func decode(_ bytes: [UInt8], charset label: String?) -> DecodedText {
        let name = canonicalName(label ?? "us-ascii")
        switch name {
        case "UTF-8":
            return DecodedText(text: String(decoding: bytes, as: UTF8.self), charsetRecognized: true)
        case "US-ASCII":
            if bytes.allSatisfy({ $0 < 0x80 }) {
                return DecodedText(text: String(decoding: bytes, as: UTF8.self), charsetRecognized: true)
            }
            // 8-bit bytes under an ASCII label: the label is wrong; guess.
            return bestEffort(bytes, recognized: true)
        case "WINDOWS-1252":
            return DecodedText(text: windows1252(bytes), charsetRecognized: true)
        default:
            if let converted = iconvDecode(bytes, from: name) {
                return DecodedText(text: converted, charsetRecognized: true)
            }
            return bestEffort(bytes, recognized: false)
        }
    }

    /// Whether iconv (or the built-in tables) can decode this label.
    public static func isSupported(_ label: String) -> Bool {
        let name = canonicalName(label)
        if ["UTF-8", "US-ASCII", "WINDOWS-1252"].contains(name) { return true }
        let descriptor = iconv_open("UTF-8", name)
        if descriptor == iconv_t(bitPattern: -1) { return false }
        iconv_close(descriptor)
        return true
    }

    private static func bestEffort(_ bytes: [UInt8], recognized: Bool) -> DecodedText {
        if let valid = String(validating: bytes, as: UTF8.self) {
            return DecodedText(text: valid, charsetRecognized: recognized)
        }
        return DecodedText(text: windows1252(bytes), charsetRecognized: recognized)
    }

    /// Maps MIME labels and the aliases mailers really send to names glibc iconv knows.
    /// Supersets are chosen where senders mislabel (WHATWG Encoding practice):
    /// ISO-8859-1 → Windows-1252, GB2312/GBK → GB18030, EUC-KR/ks_c_5601 → CP949,
    /// Shift_JIS → CP932.
    static func canonicalName(_ label: String) -> String {
        var name = label.trimmingMailWhitespace.lowercased()
        name = name.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }  // RFC 2231 language suffix
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8", "unicode", "utf-8bom": return "UTF-8"
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "iso-ir-6", "cp367", "ibm367", "csascii", "", "default", "7bit", "8bit":
            return "US-ASCII"
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819", "iso-ir-100", "windows-1252", "cp1252", "x-cp1252", "cswindows1252", "iso_8859-1:1987", "iso8859_1":
            return "WINDOWS-1252"
        case "ks_c_5601-1987", "ks_c_5601", "ksc5601", "ksc_5601", "euc-kr", "euckr", "korean", "cp949", "windows-949", "x-windows-949", "csksc56011987", "iso-ir-149", "uhc", "ks_c_5601-1989":
            return "CP949"
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932", "x-ms-cp932", "ms932":
            return "CP932"
        case "gb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "euccn", "chinese", "csgb2312", "gb_2312-80", "iso-ir-58", "x-euc-cn", "gb18030", "gb2312-80":
            return "GB18030"
        case "big5", "big-5", "cn-big5", "x-x-big5", "csbig5", "big5-hkscs", "cp950", "x-big5":
            return "BIG5-HKSCS"
        case "euc-jp", "eucjp", "x-euc-jp", "cseucpkdfmtjapanese": return "EUC-JP"
        case "iso-2022-jp", "csiso2022jp", "iso-2022-jp-1", "iso-2022-jp-2": return "ISO-2022-JP-2"
        case "iso-2022-kr": return "ISO-2022-KR"
        case "koi8-r", "koi8r", "cskoi8r", "koi": return "KOI8-R"
        case "koi8-u", "koi8u", "koi8-ru": return "KOI8-U"
        case "tis-620", "tis620", "windows-874", "cp874", "iso-8859-11": return "CP874"
        case "utf-7", "utf7", "unicode-1-1-utf-7": return "UTF-7"
        case "utf-16", "utf16": return "UTF-16"
        case "utf-16le": return "UTF-16LE"
        case "utf-16be": return "UTF-16BE"
        default:
            break
        }
        if name.hasPrefix("windows-125") || name.hasPrefix("cp125") || name.hasPrefix("x-cp125") {
            if let digit = name.last, digit.isNumber { return "CP125\(digit)" }
        }
        if name.hasPrefix("iso-8859-") || name.hasPrefix("iso8859-") || name.hasPrefix("iso_8859-") {
            let number = name.split(separator: "-").last.map(String.init) ?? ""
            let digits = number.prefix { $0.isNumber }
            if !digits.isEmpty { return "ISO-8859-\(digits)" }
        }
        // Anything else goes to iconv as given (upper-cased); iconv rejects what it does not know.
        let allowed = name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.:".unicodeScalars.contains($0)) }
        return allowed ? name.uppercased() : "X-INVALID-LABEL"
    }

    /// Converts through iconv, replacing undecodable bytes with U+FFFD instead of failing.
    /// Returns nil if iconv does not know the charset.
    private static func iconvDecode(_ input: [UInt8], from name: String) -> String? {
        let descriptor = iconv_open("UTF-8", name)
        if descriptor == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(descriptor) }
        var output: [UInt8] = []
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
        return String(decoding: output, as: UTF8.self)
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
