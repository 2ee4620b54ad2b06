import MailMessage
import Terminal

/// The help screen: every binding of every context with its summary, scrollable.
final class HelpScreen: AppScreen {
    var top = 0

    var kind: ScreenKind { .help }
    var keyContext: KeyContext? { .help }

    func perform(_ action: UIAction, in app: MailApp) throws {
        let height = app.bodyHeight
        let lastTop = max(lines(in: app).count - height, 0)
        switch action {
        case .moveDown: top = min(top + 1, lastTop)
        case .moveUp: top = max(top - 1, 0)
        case .pageDown: top = min(top + max(height - 1, 1), lastTop)
        case .pageUp: top = max(top - max(height - 1, 1), 0)
        case .first: top = 0
        case .last: top = lastTop
        case .back, .quit: app.pop(self)
        default: break
        }
    }

    /// The help screen's lines for the current width: every binding of every context,
    /// key names in a column and the summary wrapped beside them (below them when narrow).
    func lines(in app: MailApp) -> [PagerLine] {
        let width = max(app.screen.size.columns, 1)
        var lines: [PagerLine] = []
        func add(_ keys: String, _ summary: String) {
            if width >= 50 {
                let pieces = DisplayWidth.wrap(summary, to: width - 25)
                for (number, piece) in pieces.enumerated() {
                    let left = number == 0 ? "  " + DisplayWidth.fit(keys, to: 22) + " " : String(repeating: " ", count: 25)
                    lines.append(PagerLine(text: left + piece, role: .helpText))
                }
            } else {
                lines.append(PagerLine(text: "  " + keys, role: .helpKey))
                for piece in DisplayWidth.wrap(summary, to: max(width - 6, 1)) {
                    lines.append(PagerLine(text: "      " + piece, role: .helpText))
                }
            }
        }
        let set = app.keymap.keySet == .mutt ? "mutt (NeoMutt's where they differ from Merle's)" : "merle (Merle's own)"
        for piece in DisplayWidth.wrap("Keys: \(set), from [general] keys, with the config's [keys.*] tables on top.", to: width) {
            lines.append(PagerLine(text: piece, role: .helpText))
        }
        for context in KeyContext.allCases {
            if !lines.isEmpty { lines.append(PagerLine(text: "", role: .helpText)) }
            lines.append(PagerLine(text: context.title, role: .helpHeading))
            for (key, macro) in app.keymap.macros[context] ?? [] {
                add(key.description, "macro: " + DisplaySanitizer.sanitizeLine(macro.source))
            }
            for (action, keys) in app.keymap.keysByAction(in: context) {
                add(keys.map(\.description).joined(separator: " "), action.summary)
            }
        }
        lines.append(PagerLine(text: "", role: .helpText))
        lines.append(PagerLine(text: "Everywhere", role: .helpHeading))
        for (key, action) in app.keymap.global where key != .resize {
            add(key.description, action.summary)
        }
        return lines
    }

    func draw(in app: MailApp) {
        let lines = lines(in: app)
        let height = app.bodyHeight
        let screen = app.screen
        top = max(0, min(top, lines.count - height))
        for row in 0..<height {
            let position = top + row
            guard position < lines.count else { break }
            let line = lines[position]
            if line.role == .helpText, screen.size.columns >= 50, line.text.count > 25 {
                // Key names in their own colour, the summary after them.
                let keys = String(line.text.prefix(25))
                let used = screen.put(keys, row: row + 1, column: 0, style: app.theme.style(.helpKey))
                screen.put(String(line.text.dropFirst(25)), row: row + 1, column: used, style: app.theme.style(.helpText))
            } else {
                screen.put(line.text, row: row + 1, column: 0, style: app.theme.style(line.role))
            }
        }
    }

    func titleHints(in app: MailApp) -> String { "q:Close help  j/k:Scroll" }

    func position(in app: MailApp) -> String { "help --" }
}
