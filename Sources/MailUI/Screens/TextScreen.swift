import MailMessage
import Terminal

/// Text that is not a message, read like one: a command's output (`|`, a mailcap viewer
/// with `copiousoutput`), an address to copy. It scrolls with the pager's keys; `q`
/// closes it. Every line passes the sanitiser: a command's output is data from outside.
final class TextScreen: AppScreen {
    let title: String
    let text: [String]
    var top = 0
    private var laidOut: (width: Int, lines: [PagerLine]) = (0, [])

    init(title: String, text: String) {
        self.title = DisplaySanitizer.sanitizeLine(title)
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        self.text = lines
    }

    var kind: ScreenKind { .text }
    var keyContext: KeyContext? { .pager }

    /// The lines for the current width.
    func lines(width: Int) -> [PagerLine] {
        guard laidOut.width != width else { return laidOut.lines }
        var result = [PagerLine(text: title, role: .pagerHeader), PagerLine(text: "", role: .pagerBody)]
        for line in text {
            let safe = DisplaySanitizer.sanitizeLine(line.replacingOccurrences(of: "\t", with: "    "))
            for piece in DisplayWidth.wrap(safe, to: max(width, 1)) { result.append(PagerLine(text: piece, role: .pagerBody)) }
        }
        laidOut = (width, result)
        return result
    }

    func perform(_ action: UIAction, in app: MailApp) throws {
        let height = app.bodyHeight
        let lastTop = max(lines(width: app.screen.size.columns).count - height, 0)
        switch action {
        case .quit, .back: app.pop(self)
        case .moveDown: top = min(top + 1, lastTop)
        case .moveUp: top = max(top - 1, 0)
        case .pageDown: top = min(top + max(height - 1, 1), lastTop)
        case .pageUp: top = max(top - max(height - 1, 1), 0)
        case .halfPageDown: top = min(top + max(height / 2, 1), lastTop)
        case .halfPageUp: top = max(top - max(height / 2, 1), 0)
        case .first: top = 0
        case .last: top = lastTop
        default: app.info = "q closes this text."
        }
    }

    func draw(in app: MailApp) {
        let lines = lines(width: app.screen.size.columns)
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

    func titleHints(in app: MailApp) -> String { "q:Back  Space:Page  ?:Help" }

    func position(in app: MailApp) -> String {
        let count = lines(width: app.screen.size.columns).count
        let height = app.bodyHeight
        let percent = count <= height ? 100 : min(100, (top + height) * 100 / max(count, 1))
        return "\(percent)% --"
    }
}
