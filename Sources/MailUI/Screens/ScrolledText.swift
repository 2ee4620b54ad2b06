/// What the screens that show lines of text (the pager, a text screen, a conversation)
/// share: moving through the lines, drawing the window of them on screen, and how far
/// down it is.
enum ScrolledText {
    /// The first line shown after a scrolling `action`, or nil when `action` does not
    /// scroll. A page keeps one line of the last for context.
    static func top(after action: UIAction, from top: Int, height: Int, lineCount: Int) -> Int? {
        let lastTop = max(lineCount - height, 0)
        switch action {
        case .moveDown: return min(top + 1, lastTop)
        case .moveUp: return max(top - 1, 0)
        case .pageDown: return min(top + max(height - 1, 1), lastTop)
        case .pageUp: return max(top - max(height - 1, 1), 0)
        case .halfPageDown: return min(top + max(height / 2, 1), lastTop)
        case .halfPageUp: return max(top - max(height / 2, 1), 0)
        case .first: return 0
        case .last: return lastTop
        default: return nil
        }
    }

    /// Draws `lines` from `top` (clamped, so a narrower screen never leaves the end
    /// above the bottom row) in the body rows; rows past the end show `~`.
    static func draw(_ lines: [PagerLine], top: inout Int, in app: MailApp) {
        let height = app.bodyHeight
        top = max(0, min(top, lines.count - height))
        for row in 0..<height {
            let position = top + row
            guard position < lines.count else {
                app.screen.put("~", row: row + 1, column: 0, style: app.theme.style(.pagerNote))
                continue
            }
            app.screen.put(lines[position].text, row: row + 1, column: 0, style: app.theme.style(lines[position].role))
        }
    }

    /// How far down the bottom row is, in percent of `lineCount`.
    static func percent(top: Int, height: Int, lineCount: Int) -> Int {
        lineCount <= height ? 100 : min(100, (top + height) * 100 / max(lineCount, 1))
    }
}
