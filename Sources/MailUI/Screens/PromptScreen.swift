import MailMessage
import Terminal

/// A question on the bottom line with a line of text for an answer (search, a folder
/// name, a path, a `:` command). Enter hands the text to `accepted`; Escape cancels and
/// changes nothing. It sits over the screen that asked, which stays drawn.
final class PromptScreen: AppScreen {
    var editor: LineEditor
    let accepted: (MailApp, String) throws -> Void

    init(_ editor: LineEditor, accepted: @escaping (MailApp, String) throws -> Void) {
        self.editor = editor
        self.accepted = accepted
    }

    var kind: ScreenKind { .prompt }
    var coversMainArea: Bool { false }

    func handle(_ key: Key, in app: MailApp) throws {
        switch editor.handle(key) {
        case .editing: break
        case .cancelled: app.pop(self)
        case .accepted(let text):
            app.pop(self)
            try accepted(app, text)
        }
    }

    func drawMessageLine(in app: MailApp) -> Bool {
        let screen = app.screen
        let row = screen.size.rows - 1
        let width = screen.size.columns
        let used = screen.put(editor.prompt, row: row, column: 0, style: app.theme.style(.prompt))
        // Show the end of a long query, where the user is typing.
        let room = max(width - used - 1, 1)
        var text = editor.text
        while DisplayWidth.width(of: text) > room { text.removeFirst() }
        let typed = screen.put(text, row: row, column: used, style: app.theme.style(.message))
        drawCandidates(in: app)
        screen.setCursor((row, used + typed))
        return true
    }

    /// While completing: the candidates in a list above the status line, the one in
    /// place highlighted (Tab and Down go on, Shift-Tab and Up go back).
    private func drawCandidates(in app: MailApp) {
        guard let (list, chosen) = editor.candidates else { return }
        let screen = app.screen
        let room = max(min(list.count, app.bodyHeight - 1, 10), 0)
        guard room > 0 else { return }
        // A window of the list that keeps the chosen one in sight.
        let first = max(0, min(chosen - room / 2, list.count - room))
        let bottom = screen.size.rows - 3
        for offset in 0..<room {
            let position = first + offset
            let role: ThemeRole = position == chosen ? .indexSelected : .index
            let more = offset == room - 1 && first + room < list.count ? "  (+\(list.count - first - room) more)" : ""
            screen.putPadded(" " + DisplaySanitizer.sanitizeLine(list[position]) + more, row: bottom - room + 1 + offset, column: 0,
                             width: screen.size.columns, style: app.theme.style(role))
        }
    }
}
