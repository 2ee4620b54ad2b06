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
        if let moved = ScrolledText.top(after: action, from: top, height: app.bodyHeight,
                                        lineCount: lines(width: app.screen.size.columns).count) {
            top = moved
            return
        }
        switch action {
        case .quit, .back: app.pop(self)
        default: app.info = "q closes this text."
        }
    }

    func draw(in app: MailApp) {
        ScrolledText.draw(lines(width: app.screen.size.columns), top: &top, in: app)
    }

    func titleHints(in app: MailApp) -> String { "q:Back  Space:Page  ?:Help" }

    func position(in app: MailApp) -> String {
        let percent = ScrolledText.percent(top: top, height: app.bodyHeight, lineCount: lines(width: app.screen.size.columns).count)
        return "\(percent)% --"
    }
}
