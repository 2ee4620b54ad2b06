/// How many terminal columns text takes, like POSIX `wcwidth` but per grapheme cluster,
/// so that columns line up exactly: East Asian wide and fullwidth characters and emoji
/// take two columns, combining marks and zero-width characters none, everything else one.
///
/// Screens place every grapheme cluster at the column computed here, so a terminal that
/// disagrees about one cluster cannot shift the rest of the line.
public enum DisplayWidth {
    /// Columns taken by one Unicode scalar on its own: 0, 1 or 2. Controls count 0
    /// (screens never send them).
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if value < 0x300 { return 1 }
        if isZeroWidth(scalar) { return 0 }
        if isWide(value) { return 2 }
        return 1
    }

    /// Columns taken by one grapheme cluster: a base character with the marks, joiners
    /// and variation selectors that follow it.
    public static func width(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        // Fast path for ASCII and other single scalars.
        if scalars.count == 1 { return width(of: first) }
        var base = 0
        for scalar in scalars {
            // Emoji presentation selector, a ZWJ sequence of emoji or a keycap/flag pair:
            // terminals draw these as one double-width picture.
            if scalar.value == 0xFE0F || scalar.value == 0x20E3 || (0x1F1E6...0x1F1FF).contains(scalar.value) {
                return 2
            }
            base = max(base, width(of: scalar))
        }
        return base
    }

    /// The width of a scalar that is a grapheme cluster of its own wherever it stands,
    /// between two others of its kind: printable ASCII, Latin, Greek and Cyrillic letters,
    /// punctuation and symbols, CJK, kana and Hangul syllables. Nil for everything that may
    /// join a neighbour (marks, joiners, selectors, Hangul jamo, emoji, spacing marks of
    /// Indic scripts, halfwidth sound marks) or needs a closer look (controls, other scripts).
    /// Text made only of these is measured and cut scalar by scalar, without breaking it
    /// into grapheme clusters first, which cost a third of drawing an index page.
    @inline(__always)
    public static func simpleWidth(of scalar: Unicode.Scalar) -> Int? {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return 1 }
        switch value {
        case 0xA0..<0x300, 0x370..<0x483, 0x48A..<0x530, 0x2000..<0x20D0, 0x2100..<0x2E80,
             0x2E80..<0x302A, 0x3030..<0x3099, 0x309B..<0xA000, 0xAC00..<0xD7A4, 0xF900..<0xFB00,
             0xFF00..<0xFF9E, 0xFFA0..<0xFFF0:
            let width = width(of: scalar)
            return width == 0 ? nil : width
        default:
            return nil
        }
    }

    /// Columns taken by a string.
    public static func width(of text: String) -> Int {
        var total = 0
        for scalar in text.unicodeScalars {
            guard let width = simpleWidth(of: scalar) else { return clusterWidth(of: text) }
            total += width
        }
        return total
    }

    /// Columns taken by a string, cluster by cluster.
    static func clusterWidth(of text: String) -> Int {
        var total = 0
        for character in text { total += width(of: character) }
        return total
    }

    /// The longest prefix of `text` that fits in `columns`; no wide character is split.
    public static func prefix(_ text: String, fitting columns: Int) -> (text: String, width: Int) {
        // Between two simple scalars there is always a cluster boundary, so the cut can be
        // made at a scalar as long as every scalar up to it, and the one after, is simple.
        let scalars = text.unicodeScalars
        var used = 0
        var index = scalars.startIndex
        while index != scalars.endIndex {
            guard let width = simpleWidth(of: scalars[index]) else { return clusterPrefix(text, fitting: columns) }
            if used + width > columns { break }
            used += width
            scalars.formIndex(after: &index)
        }
        return (String(scalars[..<index]), used)
    }

    /// `prefix(_:fitting:)` cluster by cluster.
    static func clusterPrefix(_ text: String, fitting columns: Int) -> (text: String, width: Int) {
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let characterWidth = width(of: text[index])
            if used + characterWidth > columns { break }
            used += characterWidth
            end = text.index(after: index)
        }
        return (String(text[..<end]), used)
    }

    /// `text` cut to at most `columns`, ending in "…" when it was cut.
    public static func truncate(_ text: String, to columns: Int, ellipsis: String = "…") -> String {
        guard columns > 0 else { return "" }
        if width(of: text) <= columns { return text }
        let ellipsisWidth = width(of: ellipsis)
        guard columns > ellipsisWidth else { return prefix(text, fitting: columns).text }
        return prefix(text, fitting: columns - ellipsisWidth).text + ellipsis
    }

    /// `text` truncated with an ellipsis, then padded with spaces to exactly `columns`.
    public static func fit(_ text: String, to columns: Int) -> String {
        let cut = truncate(text, to: columns)
        let used = width(of: cut)
        return used < columns ? cut + String(repeating: " ", count: columns - used) : cut
    }

    /// `text` right-aligned in exactly `columns` (cut with an ellipsis when too long).
    public static func fitRight(_ text: String, to columns: Int) -> String {
        let cut = truncate(text, to: columns)
        let used = width(of: cut)
        return used < columns ? String(repeating: " ", count: columns - used) + cut : cut
    }

    /// Splits a line into pieces of at most `columns`, breaking after a space where possible.
    public static func wrap(_ line: String, to columns: Int) -> [String] {
        guard columns > 0 else { return [line] }
        if width(of: line) <= columns { return [line] }
        var pieces: [String] = []
        var current: [Character] = []
        var widths: [Int] = []
        var total = 0
        var lastSpace: Int?
        for character in line {
            let characterWidth = width(of: character)
            if total + characterWidth > columns && !current.isEmpty {
                if let space = lastSpace, space > 0 {
                    pieces.append(String(current[..<space]))
                    current = Array(current[(space + 1)...])
                    widths = Array(widths[(space + 1)...])
                } else {
                    pieces.append(String(current))
                    current = []
                    widths = []
                }
                total = widths.reduce(0, +)
                lastSpace = current.lastIndex(of: " ")
                if total + characterWidth > columns {
                    pieces.append(String(current))
                    current = []
                    widths = []
                    total = 0
                    lastSpace = nil
                }
            }
            if character == " " { lastSpace = current.count }
            current.append(character)
            widths.append(characterWidth)
            total += characterWidth
        }
        pieces.append(String(current))
        return pieces
    }

    /// Combining marks, format characters and other code points that occupy no cell.
    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value == 0x200B || value == 0x200C || value == 0x200D || value == 0x2060 || value == 0xFEFF { return true }
        if (0xFE00...0xFE0F).contains(value) || (0xE0100...0xE01EF).contains(value) { return true }
        // Hangul medial vowels and final consonants join the preceding syllable.
        if (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) { return true }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return false
        }
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges, and emoji shown as pictures by default.
    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
             0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF,
             0x1B000...0x1B2FF, 0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F2FF,
             0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF,
             0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            guard let scalar = Unicode.Scalar(value) else { return false }
            return scalar.properties.isEmojiPresentation
        }
    }
}
