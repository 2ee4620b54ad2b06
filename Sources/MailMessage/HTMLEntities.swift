/// HTML character references for `HTMLToText`, as the HTML Standard's tokenizer reads
/// them (section 13.2.5.72, "character reference state"): the whole named table
/// (`HTMLEntityTable`, 2,231 names), the longest name that matches, the legacy names
/// without ";" (`&amp`, `&nbsp`, `&copy`), and numeric references with or without ";".
enum HTMLEntities {
    /// Name (with its ";" if it has one) → replacement text. Built once, on first use.
    static let named: [String: String] = {
        var table: [String: String] = [:]
        table.reserveCapacity(HTMLEntityTable.count)
        for line in HTMLEntityTable.text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let name = fields.first else { continue }
            var value = String.UnicodeScalarView()
            for code in fields.dropFirst() {
                if let number = UInt32(code, radix: 16), let scalar = Unicode.Scalar(number) { value.append(scalar) }
            }
            table[String(name)] = String(value)
        }
        return table
    }()

    /// The longest name in the table, ";" included.
    private static let longestName = 32

    /// Decodes `&name;`, `&#123;` and `&#x1F600;` and the legacy forms. In an attribute
    /// value a legacy name followed by "=" or a letter or digit stays as written
    /// (`href="?a=1&copy=2"`), as the standard says. Unknown names stay as written;
    /// numeric references to NUL, surrogates or beyond U+10FFFF become U+FFFD, and the
    /// C1 range is read as Windows-1252 (as the standard does).
    static func decode(_ text: String, inAttribute: Bool = false) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "&", index + 1 < scalars.count else {
                output.append(scalar)
                index += 1
                continue
            }
            if scalars[index + 1] == "#", let (value, end) = numeric(scalars, from: index + 2) {
                output.append(contentsOf: value.unicodeScalars)
                index = end
                continue
            }
            if let (value, end) = namedReference(scalars, from: index + 1, inAttribute: inAttribute) {
                output.append(contentsOf: value.unicodeScalars)
                index = end
                continue
            }
            output.append(scalar)
            index += 1
        }
        return String(output)
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
    }

    /// The longest table name starting at `start`; the index after it.
    private static func namedReference(_ scalars: [Unicode.Scalar], from start: Int, inAttribute: Bool) -> (String, Int)? {
        var end = start
        while end < scalars.count, end - start < longestName, isAlphanumeric(scalars[end]) { end += 1 }
        guard end > start else { return nil }
        var run = String(String.UnicodeScalarView(scalars[start..<end]))
        if end < scalars.count, scalars[end] == ";", let value = named[run + ";"] { return (value, end + 1) }
        // No full name with ";": the longest legacy name that is a prefix of the run.
        while !run.isEmpty {
            if let value = named[run] {
                let after = start + run.unicodeScalars.count
                if inAttribute, after < scalars.count, scalars[after] == "=" || isAlphanumeric(scalars[after]) { return nil }
                return (value, after)
            }
            run.unicodeScalars.removeLast()
        }
        return nil
    }

    /// `&#` digits or `&#x` hex digits, ";" optional (section 13.2.5.75–80).
    private static func numeric(_ scalars: [Unicode.Scalar], from start: Int) -> (String, Int)? {
        var index = start
        var hex = false
        if index < scalars.count, scalars[index] == "x" || scalars[index] == "X" { hex = true; index += 1 }
        let digitsStart = index
        var value: UInt32 = 0
        while index < scalars.count, let digit = hexDigit(scalars[index]), hex || digit < 10 {
            value = min(value &* (hex ? 16 : 10) &+ UInt32(digit), 0x110000)
            index += 1
        }
        guard index > digitsStart else { return nil }
        if index < scalars.count, scalars[index] == ";" { index += 1 }
        return (character(for: value), index)
    }

    private static func hexDigit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "0"..."9": Int(scalar.value - 48)
        case "a"..."f": Int(scalar.value - 87)
        case "A"..."F": Int(scalar.value - 55)
        default: nil
        }
    }

    /// Section 13.2.5.80: NUL, surrogates and out-of-range values are U+FFFD; 0x80–0x9F
    /// are read as Windows-1252; other controls are kept as the sanitiser will show them.
    private static func character(for value: UInt32) -> String {
        if value == 0 || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) { return "\u{FFFD}" }
        if (0x80...0x9F).contains(value) { return Charset.windows1252([UInt8(value)]) }
        if value < 0x20, value != 0x09, value != 0x0A { return "\u{FFFD}" }
        return Unicode.Scalar(value).map { String(Character($0)) } ?? "\u{FFFD}"
    }
}
