import Terminal

/// A yes-or-no question on the bottom line before something that cannot be taken back
/// (deleting mail for good, a folder that holds mail). Only `y` goes ahead; `n`, Escape
/// and every other key leave things as they were.
final class ConfirmationScreen: AppScreen {
    let question: String
    let confirmed: (MailApp) throws -> Void
    let declined: (MailApp) -> Void

    init(_ question: String, declined: @escaping (MailApp) -> Void = { _ in }, confirmed: @escaping (MailApp) throws -> Void) {
        self.question = question
        self.confirmed = confirmed
        self.declined = declined
    }

    var kind: ScreenKind { .confirmation }
    var coversMainArea: Bool { false }

    func handle(_ key: Key, in app: MailApp) throws {
        guard key != .resize else { return }
        app.pop(self)
        if key == .character("y") || key == .character("Y") {
            try confirmed(app)
        } else {
            declined(app)
        }
    }

    func drawMessageLine(in app: MailApp) -> Bool {
        let screen = app.screen
        let row = screen.size.rows - 1
        let text = question + " (y/n) "
        screen.putPadded(text, row: row, column: 0, width: screen.size.columns, style: app.theme.style(.prompt))
        screen.setCursor((row, min(DisplayWidth.width(of: text), screen.size.columns - 1)))
        return true
    }
}
