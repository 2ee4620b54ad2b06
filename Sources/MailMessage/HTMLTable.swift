/// One HTML table as `HTMLToText` collected it, laid out as text. A data table becomes
/// aligned columns within the width (as `w3m -dump` draws a table without borders:
/// columns as wide as their widest line when that fits, narrowed and wrapped when not);
/// a layout table (one column, or a table holding tables) becomes its cells' text in
/// order, one block after another.
struct HTMLTable {
    struct Cell {
        var lines: [String]
        var columnSpan: Int
    }

    var rows: [[Cell]] = []
    /// Whether a table was nested inside one of its cells.
    var holdsTable = false

    /// The space between two columns.
    static let gap = 2

    /// The table's lines for a text `width` columns wide.
    func layout(width: Int) -> [String] {
        let rows = rows.filter { !$0.isEmpty }
        let columnCount = rows.map { $0.reduce(0) { $0 + $1.columnSpan } }.max() ?? 0
        let hasText = rows.contains { $0.contains { !$0.lines.isEmpty } }
        guard hasText else { return [] }
        if holdsTable || columnCount <= 1 || rows.allSatisfy({ $0.filter { !$0.lines.isEmpty }.count <= 1 }) {
            return flow(rows)
        }
        return columns(rows, count: columnCount, width: max(width, 20))
    }

    /// Layout tables: every cell's lines, in order, a blank line between cells.
    private func flow(_ rows: [[Cell]]) -> [String] {
        var lines: [String] = []
        for row in rows {
            for cell in row where !cell.lines.isEmpty {
                if !lines.isEmpty { lines.append("") }
                lines.append(contentsOf: cell.lines)
            }
        }
        return lines
    }

    private func columns(_ rows: [[Cell]], count: Int, width: Int) -> [String] {
        // Natural and minimum widths from single-column cells.
        var natural = [Int](repeating: 0, count: count)
        var minimum = [Int](repeating: 1, count: count)
        for row in rows {
            var column = 0
            for cell in row {
                if cell.columnSpan == 1, column < count {
                    for line in cell.lines {
                        natural[column] = max(natural[column], TextWidth.of(line))
                        for word in line.split(separator: " ") { minimum[column] = max(minimum[column], min(TextWidth.of(word), 20)) }
                    }
                }
                column += cell.columnSpan
            }
        }
        // A spanning cell wider than its columns widens the last of them.
        for row in rows {
            var column = 0
            for cell in row {
                let span = min(cell.columnSpan, count - column)
                if span > 1 {
                    let available = natural[column..<column + span].reduce(0, +) + Self.gap * (span - 1)
                    let needed = cell.lines.map(TextWidth.of).max() ?? 0
                    if needed > available { natural[column + span - 1] += needed - available }
                }
                column += cell.columnSpan
                if column >= count { break }
            }
        }
        let widths = Self.fit(natural: natural, minimum: minimum, width: width - Self.gap * (count - 1))
        var output: [String] = []
        for row in rows {
            var blocks: [(start: Int, width: Int, lines: [String])] = []
            var column = 0
            var start = 0
            for cell in row where column < count {
                let span = min(cell.columnSpan, count - column)
                let cellWidth = widths[column..<column + span].reduce(0, +) + Self.gap * (span - 1)
                blocks.append((start, cellWidth, cell.lines.flatMap { TextWidth.wrap($0, to: cellWidth) }))
                start += cellWidth + Self.gap
                column += span
            }
            let height = blocks.map(\.lines.count).max() ?? 0
            for lineIndex in 0..<height {
                var line = ""
                var used = 0
                for block in blocks where lineIndex < block.lines.count {
                    if used < block.start { line += String(repeating: " ", count: block.start - used); used = block.start }
                    line += block.lines[lineIndex]
                    used += TextWidth.of(block.lines[lineIndex])
                }
                output.append(line)
            }
        }
        return output
    }

    /// Column widths within `width`: natural widths when they fit; else every column gets
    /// its minimum and the rest is shared in proportion to how much more each wants.
    static func fit(natural: [Int], minimum: [Int], width: Int) -> [Int] {
        if natural.reduce(0, +) <= width { return natural }
        let floor = zip(natural, minimum).map { min($0, $1) }
        let spare = max(0, width - floor.reduce(0, +))
        let wants = zip(natural, floor).map { $0 - $1 }
        let totalWant = max(1, wants.reduce(0, +))
        return zip(floor, wants).map { $0 + $1 * spare / totalWant }.map { max($0, 1) }
    }
}

/// Terminal columns of text, enough for laying out table columns: East Asian wide and
/// fullwidth characters take two, combining marks none.
enum TextWidth {
    static func of<S: StringProtocol>(_ text: S) -> Int {
        var total = 0
        for scalar in text.unicodeScalars { total += of(scalar) }
        return total
    }

    static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x300 { return value < 0x20 ? 0 : 1 }
        if scalar.properties.generalCategory == .nonspacingMark || value == 0x200B || value == 0x200D || value == 0xFE0F { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// Word-wraps one line to `width` columns, breaking words longer than the width.
    static func wrap(_ line: String, to width: Int) -> [String] {
        guard of(line) > width else { return [line] }
        var lines: [String] = []
        var current = ""
        var currentWidth = 0
        for word in line.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            var wordWidth = of(word)
            if currentWidth > 0, currentWidth + 1 + wordWidth > width {
                lines.append(current)
                current = ""
                currentWidth = 0
            }
            while wordWidth > width {
                // A word longer than the column: cut it.
                var piece = ""
                var pieceWidth = 0
                var index = word.startIndex
                while index < word.endIndex, pieceWidth + of(String(word[index])) <= width - currentWidth - (currentWidth > 0 ? 1 : 0) {
                    piece.append(word[index])
                    pieceWidth += of(String(word[index]))
                    index = word.index(after: index)
                }
                if piece.isEmpty, currentWidth == 0 { piece.append(word[index]); index = word.index(after: index) }
                if currentWidth > 0 { current += " " }
                lines.append(current + piece)
                current = ""
                currentWidth = 0
                word = word[index...]
                wordWidth = of(word)
            }
            if word.isEmpty { continue }
            if currentWidth > 0 { current += " "; currentWidth += 1 }
            current += word
            currentWidth += wordWidth
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
