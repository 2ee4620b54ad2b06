/// An in-memory `Screen` for tests and benchmarks: a grid of cells that renders to plain
/// text for snapshots. It follows the same clipping and width rules as `CursesScreen`.
public final class TextGridScreen: Screen {
    /// One cell: the grapheme shown there ("" for the right half of a wide character).
    public struct Cell: Sendable, Hashable {
        public var text: String
        public var style: Style
    }

    public private(set) var size: ScreenSize
    public private(set) var cells: [[Cell]]
    /// How many times `refresh()` was called.
    public private(set) var refreshCount = 0
    public private(set) var cursor: (row: Int, column: Int)?

    public init(rows: Int, columns: Int) {
        size = ScreenSize(rows: rows, columns: columns)
        cells = Self.blank(rows: rows, columns: columns)
    }

    /// Changes the size, as a terminal resize would; the content is cleared.
    public func resize(rows: Int, columns: Int) {
        size = ScreenSize(rows: rows, columns: columns)
        cells = Self.blank(rows: rows, columns: columns)
    }

    private static func blank(rows: Int, columns: Int) -> [[Cell]] {
        Array(repeating: Array(repeating: Cell(text: " ", style: .plain), count: max(columns, 0)), count: max(rows, 0))
    }

    @discardableResult
    public func put(_ text: String, row: Int, column: Int, style: Style, maxWidth: Int?) -> Int {
        guard row >= 0, row < size.rows, column >= 0, column < size.columns else { return 0 }
        let limit = min(size.columns - column, maxWidth ?? Int.max)
        var x = column
        for character in ScreenText.cells(text) {
            let width = DisplayWidth.width(of: character)
            if width == 0 { continue }
            if x + width > column + limit { break }
            clearWide(row: row, column: x)
            cells[row][x] = Cell(text: String(character), style: style)
            if width == 2 {
                clearWide(row: row, column: x + 1)
                cells[row][x + 1] = Cell(text: "", style: style)
            }
            x += width
        }
        return x - column
    }

    /// Overwriting half of a wide character blanks its other half, as terminals do.
    private func clearWide(row: Int, column: Int) {
        guard column < size.columns else { return }
        if cells[row][column].text.isEmpty, column > 0 {
            cells[row][column - 1].text = " "
        } else if column + 1 < size.columns, cells[row][column + 1].text.isEmpty,
                  DisplayWidth.width(of: cells[row][column].text) == 2 {
            cells[row][column + 1].text = " "
        }
    }

    public func fill(row: Int, column: Int, width: Int, style: Style) {
        guard row >= 0, row < size.rows, width > 0 else { return }
        let start = max(column, 0)
        let end = min(column + width, size.columns)
        guard start < end else { return }
        for x in start..<end {
            clearWide(row: row, column: x)
            cells[row][x] = Cell(text: " ", style: style)
        }
    }

    public func clear() {
        cells = Self.blank(rows: size.rows, columns: size.columns)
    }

    public func refresh() {
        refreshCount += 1
    }

    public func setCursor(_ position: (row: Int, column: Int)?) {
        cursor = position
    }

    /// The screen as text: one line per row, trailing spaces removed.
    public func render() -> String {
        cells.map { row in
            var line = row.map(\.text).joined()
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// The text of one row, trailing spaces kept (exactly `size.columns` wide).
    public func line(_ row: Int) -> String {
        cells[row].map(\.text).joined()
    }

    /// The style of the cell at a position.
    public func style(row: Int, column: Int) -> Style {
        cells[row][column].style
    }
}
