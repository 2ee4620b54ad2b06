/// Makes any text from a message, a server or the file system safe to draw on a
/// terminal (SECURITY.md, "The terminal"). Every header, body, file name and folder
/// name passes through here before display.
///
/// - Escape sequences are removed whole: CSI (`ESC [` … final byte), OSC (`ESC ]` …
///   BEL or ST), DCS / SOS / PM / APC (`ESC P`, `ESC X`, `ESC ^`, `ESC _` … ST), the
///   8-bit C1 introducers (U+009B, U+009D, U+0090, U+0098, U+009E, U+009F) likewise,
///   and two-byte `ESC x` sequences. An unterminated string sequence is dropped up to
///   the end of its line so it cannot swallow the rest of the screen.
/// - Other C0 controls (but tab and newline), DEL and C1 controls become visible
///   caret or `<U+XXXX>` notation. A CR before LF is dropped; a lone CR becomes `^M`.
/// - Bidirectional overrides, embeddings, isolates and marks (U+202A–U+202E,
///   U+2066–U+2069, U+200E, U+200F, U+061C) are shown as `<U+202E>`, not obeyed.
public enum DisplaySanitizer: Sendable {
    /// Sanitises multi-line text (bodies): newlines and tabs kept.
    public static func sanitize(_ text: String) -> String {
        sanitize(text, keepNewlines: true)
    }

    /// Sanitises a single-line value (headers, file names, folder names): newlines and
    /// tabs become spaces.
    public static func sanitizeLine(_ text: String) -> String {
        sanitize(text, keepNewlines: false)
    }

    private enum StringSequenceEnd {
        case belOrST
        case stOnly
    }

    static func sanitize(_ text: String, keepNewlines: Bool) -> String {
        // Most text has nothing to change: hand it back rather than copying a long body
        // into an array of scalars (four bytes each) and out again.
        if keepNewlines ? isSafe(text) : isSafeLine(text) { return text }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        output.reserveCapacity(scalars.count)
        var index = 0
        let count = scalars.count

        /// Skips a string-type sequence body (OSC, DCS…) ending in BEL / ST; returns the next index.
        func skipString(from start: Int, end: StringSequenceEnd) -> Int {
            var position = start
            while position < count {
                let value = scalars[position].value
                if value == 0x07, end == .belOrST { return position + 1 }
                if value == 0x9C { return position + 1 }
                if value == 0x1B {
                    if position + 1 < count, scalars[position + 1] == "\\" { return position + 2 }
                    return position  // a new escape starts: the string was unterminated
                }
                if value == 0x0A { return position }  // unterminated: stop at the line end
                position += 1
            }
            return count
        }

        /// Skips CSI parameters, intermediates and the final byte.
        func skipCSI(from start: Int) -> Int {
            var position = start
            while position < count {
                let value = scalars[position].value
                if value >= 0x40 && value <= 0x7E { return position + 1 }
                if value < 0x20 || value > 0x7E { return position }  // not part of a CSI: stop here
                position += 1
            }
            return count
        }

        while index < count {
            let scalar = scalars[index]
            let value = scalar.value
            switch value {
            case 0x1B:
                guard index + 1 < count else { index += 1; continue }
                let next = scalars[index + 1].value
                switch next {
                case 0x5B: index = skipCSI(from: index + 2)                           // ESC [
                case 0x5D: index = skipString(from: index + 2, end: .belOrST)         // ESC ]
                case 0x50, 0x58, 0x5E, 0x5F: index = skipString(from: index + 2, end: .stOnly)  // ESC P X ^ _
                case 0x20...0x2F:
                    // ESC intermediate(s) final: e.g. charset designation ESC ( B.
                    var position = index + 1
                    while position < count, (0x20...0x2F).contains(scalars[position].value) { position += 1 }
                    index = min(position + 1, count)
                case 0x30...0x7E: index += 2                                           // two-byte ESC sequence
                default: index += 1
                }
            case 0x9B: index = skipCSI(from: index + 1)
            case 0x9D: index = skipString(from: index + 1, end: .belOrST)
            case 0x90, 0x98, 0x9E, 0x9F: index = skipString(from: index + 1, end: .stOnly)
            case 0x0A:
                output.append(keepNewlines ? scalar : " ")
                index += 1
            case 0x09:
                output.append(keepNewlines ? scalar : " ")
                index += 1
            case 0x0D:
                if index + 1 < count, scalars[index + 1].value == 0x0A {
                    index += 1
                    continue
                }
                output.append(contentsOf: "^M".unicodeScalars)
                index += 1
            case 0x00...0x1F:
                output.append("^")
                output.append(Unicode.Scalar(UInt8(value + 0x40)))
                index += 1
            case 0x7F:
                output.append(contentsOf: "^?".unicodeScalars)
                index += 1
            case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
                output.append(contentsOf: visible(value).unicodeScalars)
                index += 1
            default:
                output.append(scalar)
                index += 1
            }
        }
        return String(output)
    }

    /// `<U+202E>` notation.
    static func visible(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }

    /// Whether `text` is already a safe single line: `isSafe` without tabs or line
    /// breaks. Printable ASCII, most names and subjects, is told from its bytes alone
    /// (every index row is made of such strings).
    static func isSafeLine(_ text: String) -> Bool {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return true }
        return !text.unicodeScalars.contains { isInterpreted($0.value, keepingLineBreaks: false) }
    }

    /// True if the text holds nothing a terminal would interpret (for tests and assertions).
    public static func isSafe(_ text: String) -> Bool {
        !text.unicodeScalars.contains { isInterpreted($0.value, keepingLineBreaks: true) }
    }

    /// A control character, C1 code or bidirectional control (tab and line feed count
    /// only when they are not kept).
    private static func isInterpreted(_ value: UInt32, keepingLineBreaks: Bool) -> Bool {
        (value < 0x20 && !(keepingLineBreaks && (value == 0x09 || value == 0x0A))) || (0x7F...0x9F).contains(value)
            || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F || value == 0x061C
    }
}
