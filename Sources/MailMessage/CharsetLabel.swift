import Foundation

/// Charset labels as mail writes them, resolved to the encoding they name.
///
/// The table is the WHATWG Encoding Standard's (`encodings.json`, every label of every
/// encoding; © WHATWG, CC BY 4.0), plus the IANA character-set registry's aliases for
/// encodings mail uses that the web does not (US-ASCII, UTF-7, ISO-2022-KR, …) and a few
/// labels seen only in mail (`win-1251`, `cp949`). Matching follows the standard's "get an
/// encoding": ASCII whitespace around the label is removed and ASCII case ignored; a label
/// that still matches nothing is tried once more with `-`, `_`, `.`, `:` and spaces
/// ignored (`koi8_r`, `ISO_8859-15`, `utf8`), as ICU and Python compare names.
enum CharsetLabel {
    /// How an encoding is decoded here (see docs/DECISIONS.md, "Charsets").
    enum Decoder: Sendable, Hashable {
        case utf8
        /// US-ASCII: 7-bit text; 8-bit bytes under this label mean the label is wrong.
        case ascii
        /// Windows-1252 (WHATWG's reading of ISO-8859-1 and ASCII labels), a table here.
        case windows1252
        /// WHATWG x-user-defined: 0x80–0xFF to U+F780–U+F7FF, a rule here.
        case userDefined
        /// UTF-16 with WHATWG's default of little-endian; a byte order mark decides.
        case utf16(bigEndian: Bool)
        /// Everything else goes through glibc iconv under this name.
        case iconv(String)

        /// A name for notes and for `Charset.canonicalName`.
        var name: String {
            switch self {
            case .utf8: "UTF-8"
            case .ascii: "US-ASCII"
            case .windows1252: "WINDOWS-1252"
            case .userDefined: "X-USER-DEFINED"
            case .utf16(let bigEndian): bigEndian ? "UTF-16BE" : "UTF-16LE"
            case .iconv(let name): name
            }
        }

        /// Encodings with one byte per character: any byte string decodes without error,
        /// so a wrong label shows only as wrong letters.
        var isSingleByte: Bool {
            switch self {
            case .windows1252, .userDefined: true
            case .iconv(let name): CharsetLabel.singleByteIconvNames.contains(name)
            default: false
            }
        }
    }

    /// WHATWG encoding name → its labels (Encoding Standard section 4.2, all of them).
    static let whatwg: [(encoding: String, labels: [String])] = [
        ("UTF-8", ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"]),
        ("IBM866", ["866", "cp866", "csibm866", "ibm866"]),
        ("ISO-8859-2", ["csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2", "iso_8859-2:1987", "l2", "latin2"]),
        ("ISO-8859-3", ["csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3", "iso_8859-3:1988", "l3", "latin3"]),
        ("ISO-8859-4", ["csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4", "iso_8859-4:1988", "l4", "latin4"]),
        ("ISO-8859-5", ["csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5", "iso88595", "iso_8859-5", "iso_8859-5:1988"]),
        ("ISO-8859-6", ["arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114", "iso-8859-6", "iso-8859-6-e",
                        "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596", "iso_8859-6", "iso_8859-6:1987"]),
        ("ISO-8859-7", ["csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7", "iso-ir-126", "iso8859-7", "iso88597",
                        "iso_8859-7", "iso_8859-7:1987", "sun_eu_greek"]),
        ("ISO-8859-8", ["csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e", "iso-ir-138", "iso8859-8", "iso88598",
                        "iso_8859-8", "iso_8859-8:1988", "visual"]),
        ("ISO-8859-8-I", ["csiso88598i", "iso-8859-8-i", "logical"]),
        ("ISO-8859-10", ["csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910", "l6", "latin6"]),
        ("ISO-8859-13", ["iso-8859-13", "iso8859-13", "iso885913"]),
        ("ISO-8859-14", ["iso-8859-14", "iso8859-14", "iso885914"]),
        ("ISO-8859-15", ["csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9"]),
        ("ISO-8859-16", ["iso-8859-16"]),
        ("KOI8-R", ["cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"]),
        ("KOI8-U", ["koi8-ru", "koi8-u"]),
        ("macintosh", ["csmacintosh", "mac", "macintosh", "x-mac-roman"]),
        ("windows-874", ["dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"]),
        ("windows-1250", ["cp1250", "windows-1250", "x-cp1250"]),
        ("windows-1251", ["cp1251", "windows-1251", "x-cp1251"]),
        ("windows-1252", ["ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100", "iso8859-1",
                          "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252"]),
        ("windows-1253", ["cp1253", "windows-1253", "x-cp1253"]),
        ("windows-1254", ["cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9", "iso_8859-9:1989",
                          "l5", "latin5", "windows-1254", "x-cp1254"]),
        ("windows-1255", ["cp1255", "windows-1255", "x-cp1255"]),
        ("windows-1256", ["cp1256", "windows-1256", "x-cp1256"]),
        ("windows-1257", ["cp1257", "windows-1257", "x-cp1257"]),
        ("windows-1258", ["cp1258", "windows-1258", "x-cp1258"]),
        ("x-mac-cyrillic", ["x-mac-cyrillic", "x-mac-ukrainian"]),
        ("GBK", ["chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk", "iso-ir-58", "x-gbk"]),
        ("gb18030", ["gb18030"]),
        ("Big5", ["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"]),
        ("EUC-JP", ["cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"]),
        ("ISO-2022-JP", ["csiso2022jp", "iso-2022-jp"]),
        ("Shift_JIS", ["csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j", "x-sjis"]),
        ("EUC-KR", ["cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601",
                    "windows-949"]),
        ("replacement", ["csiso2022kr", "hz-gb-2312", "iso-2022-cn", "iso-2022-cn-ext", "iso-2022-kr", "replacement"]),
        ("UTF-16BE", ["unicodefffe", "utf-16be"]),
        ("UTF-16LE", ["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"]),
        ("x-user-defined", ["x-user-defined"]),
    ]

    /// How each WHATWG encoding is decoded. Where the standard reads a label as a superset
    /// (GBK as gb18030, Big5 with HKSCS, Shift_JIS as Windows-31J, EUC-KR as Windows-949),
    /// iconv's name for that superset is used.
    static let whatwgDecoders: [String: Decoder] = [
        "UTF-8": .utf8, "IBM866": .iconv("IBM866"),
        "ISO-8859-2": .iconv("ISO-8859-2"), "ISO-8859-3": .iconv("ISO-8859-3"), "ISO-8859-4": .iconv("ISO-8859-4"),
        "ISO-8859-5": .iconv("ISO-8859-5"), "ISO-8859-6": .iconv("ISO-8859-6"), "ISO-8859-7": .iconv("ISO-8859-7"),
        "ISO-8859-8": .iconv("ISO-8859-8"), "ISO-8859-8-I": .iconv("ISO-8859-8"), "ISO-8859-10": .iconv("ISO-8859-10"),
        "ISO-8859-13": .iconv("ISO-8859-13"), "ISO-8859-14": .iconv("ISO-8859-14"), "ISO-8859-15": .iconv("ISO-8859-15"),
        "ISO-8859-16": .iconv("ISO-8859-16"), "KOI8-R": .iconv("KOI8-R"), "KOI8-U": .iconv("KOI8-RU"),
        "macintosh": .iconv("MACINTOSH"), "windows-874": .iconv("CP874"),
        "windows-1250": .iconv("CP1250"), "windows-1251": .iconv("CP1251"), "windows-1252": .windows1252,
        "windows-1253": .iconv("CP1253"), "windows-1254": .iconv("CP1254"), "windows-1255": .iconv("CP1255"),
        "windows-1256": .iconv("CP1256"), "windows-1257": .iconv("CP1257"), "windows-1258": .iconv("CP1258"),
        "x-mac-cyrillic": .iconv("MAC-CYRILLIC"),
        "GBK": .iconv("GB18030"), "gb18030": .iconv("GB18030"), "Big5": .iconv("BIG5-HKSCS"), "EUC-JP": .iconv("EUC-JP"),
        "ISO-2022-JP": .iconv("ISO-2022-JP-2"), "Shift_JIS": .iconv("CP932"), "EUC-KR": .iconv("CP949"),
        "UTF-16BE": .utf16(bigEndian: true), "UTF-16LE": .utf16(bigEndian: false), "x-user-defined": .userDefined,
    ]

    /// Labels read differently from the web, or not known to it: IANA names mail uses
    /// (the web turns the ISO-2022 family into "replacement" to stop script injection; a
    /// terminal reader shows sanitised text, so they are decoded), and labels mailers wrote.
    static let mailLabels: [String: Decoder] = {
        var table: [String: Decoder] = [:]
        // IANA US-ASCII and its aliases: mail's default charset, kept apart from 1252 so
        // 8-bit bytes under it are recognised as a wrong label.
        for label in ["us-ascii", "ascii", "ansi_x3.4-1968", "ansi_x3.4-1986", "iso_646.irv:1991", "iso646-us", "us", "iso-ir-6", "ibm367",
                      "cp367", "csascii", "646", "default", "7bit", "8bit", ""] {
            table[label] = .ascii
        }
        let iana: [(String, [String])] = [
            ("UTF-8", ["csutf8", "x-unicode-2-0-utf-8", "utf-8bom"]),
            ("UTF-7", ["utf-7", "utf7", "csutf7", "unicode-1-1-utf-7", "x-unicode-2-0-utf-7"]),
            ("UTF-32", ["utf-32", "csutf32"]), ("UTF-32LE", ["utf-32le", "csutf32le"]), ("UTF-32BE", ["utf-32be", "csutf32be"]),
            ("ISO-2022-JP-2", ["iso-2022-jp-2", "csiso2022jp2", "iso-2022-jp-1"]), ("ISO-2022-JP-3", ["iso-2022-jp-3"]),
            ("ISO-2022-KR", ["iso-2022-kr", "csiso2022kr"]), ("ISO-2022-CN", ["iso-2022-cn", "csiso2022cn"]),
            ("ISO-2022-CN-EXT", ["iso-2022-cn-ext"]),
            ("ISO-8859-7", ["iso-ir-126", "elot_928"]), ("ISO-8859-14", ["iso-ir-199", "iso_8859-14:1998", "latin8", "iso-celtic", "l8", "csiso885914"]),
            ("ISO-8859-13", ["csiso885913"]), ("ISO-8859-15", ["latin-9", "csiso885915"]),
            ("ISO-8859-16", ["iso-ir-226", "iso_8859-16", "iso_8859-16:2001", "latin10", "l10", "csiso885916", "iso8859-16", "iso885916"]),
            ("ISO-8859-10", ["iso_8859-10:1992", "iso_8859-10"]),
            ("KOI8-U", ["cskoi8u"]), ("CP949", ["cp949", "uhc", "ks_c_5601", "x-windows-949"]), ("CP932", ["cp932", "x-ms-cp932"]),
            ("GB18030", ["csgb18030", "cp936", "ms936", "windows-936", "csgbk", "euc-cn", "euccn", "x-euc-cn", "gb2312-80"]),
            ("BIG5-HKSCS", ["csbig5hkscs", "cp950", "x-big5", "big-5"]), ("EUC-JP", ["eucjp", "extended_unix_code_packed_format_for_japanese"]),
            ("IBM850", ["ibm850", "cp850", "850", "cspc850multilingual"]), ("IBM437", ["ibm437", "cp437", "437", "cspc8codepage437"]),
            ("IBM852", ["ibm852", "cp852", "852", "cspcp852"]), ("IBM855", ["ibm855", "cp855", "855", "csibm855"]),
            ("VISCII", ["viscii", "csviscii"]), ("TIS-620", ["cstis620", "tis620"]),
            ("MAC-CENTRALEUROPE", ["x-mac-ce", "x-mac-centraleurroman", "maccentraleurope"]),
        ]
        for (name, labels) in iana {
            for label in labels { table[label] = name == "UTF-8" ? .utf8 : .iconv(name) }
        }
        // Mailers' own spellings of the Windows code pages.
        for page in 0...8 {
            for label in ["win-125\(page)", "win125\(page)", "cp-125\(page)", "ms-125\(page)", "windows125\(page)"] {
                table[label] = page == 2 ? .windows1252 : .iconv("CP125\(page)")
            }
        }
        return table
    }()

    /// Single-byte encodings decoded by iconv (any byte string decodes).
    static let singleByteIconvNames: Set<String> = {
        var names: Set<String> = ["IBM866", "KOI8-R", "KOI8-RU", "KOI8-U", "MACINTOSH", "MAC-CYRILLIC", "CP874", "TIS-620", "IBM850", "IBM437",
                                  "IBM852", "IBM855", "VISCII", "MAC-CENTRALEUROPE"]
        for number in 1...16 { names.insert("ISO-8859-\(number)") }
        for page in 0...8 { names.insert("CP125\(page)") }
        return names
    }()

    /// Every known label (exact, lower-cased) → decoder.
    private static let exact: [String: Decoder] = {
        var table: [String: Decoder] = [:]
        for (encoding, labels) in whatwg {
            guard let decoder = whatwgDecoders[encoding] else { continue }
            for label in labels { table[label] = decoder }
        }
        for (label, decoder) in mailLabels { table[label] = decoder }
        return table
    }()

    /// The same labels with `-`, `_`, `.`, `:` and spaces removed. A loose key two
    /// encodings share is left out rather than guessed.
    private static let loose: [String: Decoder] = {
        var table: [String: Decoder] = [:]
        var ambiguous: Set<String> = []
        for (label, decoder) in exact {
            let key = looseKey(label)
            if let existing = table[key], existing != decoder { ambiguous.insert(key) }
            table[key] = decoder
        }
        for key in ambiguous { table[key] = nil }
        return table
    }()

    private static func looseKey(_ label: String) -> String {
        String(String.UnicodeScalarView(label.unicodeScalars.filter { !"-_.: ".unicodeScalars.contains($0) }))
    }

    /// The decoder for a label, or nil when the label names nothing known here (the
    /// caller may still try iconv under the label itself).
    static func decoder(for label: String) -> Decoder? {
        var name = label.trimmingMailWhitespace.lowercased()
        name = name.trimmingCharacters(in: ["\"", "'"])
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }  // RFC 2231 language suffix
        name = name.trimmingMailWhitespace
        return exact[name] ?? loose[looseKey(name)]
    }
}
