/// Somewhere to draw a full-screen interface: a real terminal (`CursesScreen`) or an
/// in-memory grid for tests (`TextGridScreen`).
///
/// Coordinates are zero-based cells. Text is clipped to the screen's width by display
/// width (see `DisplayWidth`), so a wide character never spills past the edge, and
/// control characters are never sent: the screen shows them as `?`. Callers still
/// sanitise untrusted text first; this is the last line of defence.
public protocol Screen: AnyObject {
    /// The current size; changes after a `.resize` key.
    var size: ScreenSize { get }
    /// Draws `text` at `row`, `column` in `style`, clipped to `maxWidth` columns (and the
    /// screen's edge). Returns the number of columns drawn.
    @discardableResult
    func put(_ text: String, row: Int, column: Int, style: Style, maxWidth: Int?) -> Int
    /// Fills `width` cells from `row`, `column` with spaces in `style`.
    func fill(row: Int, column: Int, width: Int, style: Style)
    /// Blanks the whole screen (in the default style).
    func clear()
    /// Shows what was drawn since the last refresh.
    func refresh()
    /// Places the visible cursor, or hides it with nil.
    func setCursor(_ position: (row: Int, column: Int)?)
}

extension Screen {
    /// Draws `text` clipped to the screen's edge.
    @discardableResult
    public func put(_ text: String, row: Int, column: Int, style: Style = .plain) -> Int {
        put(text, row: row, column: column, style: style, maxWidth: nil)
    }

    /// Draws `text` padded with spaces (or cut with an ellipsis) to exactly `width` columns.
    public func putPadded(_ text: String, row: Int, column: Int, width: Int, style: Style = .plain) {
        guard width > 0 else { return }
        let fitted = DisplayWidth.fit(text, to: width)
        put(fitted, row: row, column: column, style: style, maxWidth: width)
    }
}
