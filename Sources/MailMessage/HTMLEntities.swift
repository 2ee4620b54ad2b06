/// HTML character references (named and numeric) for `HTMLToText`.
enum HTMLEntities {
    /// Decodes `&name;`, `&#123;` and `&#x1F600;`. Unknown names stay as written;
    /// numeric references to controls or surrogates become U+FFFD.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "&" else {
                output.append(character)
                index = text.index(after: index)
                continue
            }
            let limit = text.index(index, offsetBy: 34, limitedBy: text.endIndex) ?? text.endIndex
            if let semicolon = text[index..<limit].firstIndex(of: ";") {
                let name = String(text[text.index(after: index)..<semicolon])
                if let decoded = resolve(name) {
                    output += decoded
                    index = text.index(after: semicolon)
                    continue
                }
            } else {
                // Legacy references without ";" (e.g. "&nbsp" or "&amp").
                let rest = text[text.index(after: index)..<limit]
                let name = String(rest.prefix { $0.isLetter })
                if ["nbsp", "amp", "lt", "gt", "quot", "copy", "reg"].contains(name), let decoded = resolve(name) {
                    output += decoded
                    index = text.index(index, offsetBy: name.count + 1)
                    continue
                }
            }
            output.append("&")
            index = text.index(after: index)
        }
        return output
    }

    private static func resolve(_ name: String) -> String? {
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value: UInt32?
            if digits.first == "x" || digits.first == "X" {
                value = UInt32(digits.dropFirst(), radix: 16)
            } else {
                value = UInt32(digits, radix: 10)
            }
            guard let value else { return nil }
            if value == 0 || (value < 0x20 && value != 0x09 && value != 0x0A) || (0x7F...0x9F).contains(value) {
                // Windows-1252 numeric references are common in HTML mail.
                if (0x80...0x9F).contains(value) { return Charset.windows1252([UInt8(value)]) }
                return "\u{FFFD}"
            }
            return Unicode.Scalar(value).map { String(Character($0)) } ?? "\u{FFFD}"
        }
        if let scalar = named[name] { return String(Character(Unicode.Scalar(scalar)!)) }
        if let index = latin1Names.firstIndex(of: name) { return String(Character(Unicode.Scalar(UInt32(0xC0 + index))!)) }
        return nil
    }

    /// U+00C0…U+00FF in order (the names HTML 4 gives them).
    private static let latin1Names = [
        "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml",
        "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times",
        "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde",
        "auml", "aring", "aelig", "ccedil", "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml",
        "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
        "uuml", "yacute", "thorn", "yuml",
    ]

    private static let named: [String: UInt32] = [
        "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27, "nbsp": 0xA0, "iexcl": 0xA1, "cent": 0xA2,
        "pound": 0xA3, "curren": 0xA4, "yen": 0xA5, "brvbar": 0xA6, "sect": 0xA7, "uml": 0xA8, "copy": 0xA9, "ordf": 0xAA,
        "laquo": 0xAB, "not": 0xAC, "shy": 0xAD, "reg": 0xAE, "macr": 0xAF, "deg": 0xB0, "plusmn": 0xB1, "sup2": 0xB2,
        "sup3": 0xB3, "acute": 0xB4, "micro": 0xB5, "para": 0xB6, "middot": 0xB7, "cedil": 0xB8, "sup1": 0xB9, "ordm": 0xBA,
        "raquo": 0xBB, "frac14": 0xBC, "frac12": 0xBD, "frac34": 0xBE, "iquest": 0xBF, "OElig": 0x152, "oelig": 0x153,
        "Scaron": 0x160, "scaron": 0x161, "Yuml": 0x178, "fnof": 0x192, "circ": 0x2C6, "tilde": 0x2DC, "ensp": 0x2002,
        "emsp": 0x2003, "thinsp": 0x2009, "zwnj": 0x200C, "zwj": 0x200D, "ndash": 0x2013, "mdash": 0x2014, "lsquo": 0x2018,
        "rsquo": 0x2019, "sbquo": 0x201A, "ldquo": 0x201C, "rdquo": 0x201D, "bdquo": 0x201E, "dagger": 0x2020,
        "Dagger": 0x2021, "bull": 0x2022, "hellip": 0x2026, "permil": 0x2030, "prime": 0x2032, "Prime": 0x2033,
        "lsaquo": 0x2039, "rsaquo": 0x203A, "euro": 0x20AC, "trade": 0x2122, "larr": 0x2190, "uarr": 0x2191,
        "rarr": 0x2192, "darr": 0x2193, "harr": 0x2194, "minus": 0x2212, "le": 0x2264, "ge": 0x2265, "ne": 0x2260,
        "infin": 0x221E, "hearts": 0x2665, "check": 0x2713, "alpha": 0x3B1, "beta": 0x3B2, "pi": 0x3C0, "mu": 0x3BC,
    ]
}
