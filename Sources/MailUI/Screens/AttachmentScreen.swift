import Foundation
import MailMessage
import Terminal

/// The message's parts as NeoMutt's attachment menu lists them: every part of the tree,
/// numbered as everywhere, with its type, name and size. The selected part is viewed
/// with the user's programs (Enter, `v`), saved (`w`) or piped to a command decoded (`|`).
final class AttachmentScreen: AppScreen {
    let pager: PagerScreen
    let entries: [MessagePartList.Entry]
    var selected = 0

    init(pager: PagerScreen) {
        self.pager = pager
        entries = pager.content.partList?.entries ?? []
        // The first attachment is where the user usually wants to be.
        selected = entries.firstIndex(where: \.isAttachment) ?? 0
    }

    var kind: ScreenKind { .attachments }
    var keyContext: KeyContext? { .attachments }

    func perform(_ action: UIAction, in app: MailApp) throws {
        switch action {
        case .moveDown: selected = min(selected + 1, max(entries.count - 1, 0))
        case .moveUp: selected = max(selected - 1, 0)
        case .first: selected = 0
        case .last: selected = max(entries.count - 1, 0)
        case .back, .quit: app.pop(self)
        case .openAttachment:
            guard let part = selectedPart(in: app) else { return }
            try app.view(part)
        case .saveAttachment:
            guard let part = selectedPart(in: app) else { return }
            app.ask(LineEditor(prompt: "Save to: ", text: AttachmentSaver.defaultDirectory + "/" + part.name, completion: PathCompletion.candidates,
                               splitsAtCommas: false)) { app, text in
                let path = text.trimmingCharacters(in: .whitespaces)
                guard !path.isEmpty else { return }
                let written = try AttachmentSaver.save(part.data, to: path, suggestedName: part.name)
                app.info = DisplaySanitizer.sanitizeLine("Saved \(written).")
            }
        case .pipe:
            guard let part = selectedPart(in: app) else { return }
            app.ask(LineEditor(prompt: "Pipe part \(part.number) (decoded) to: ")) { app, text in
                let command = text.trimmingCharacters(in: .whitespaces)
                guard !command.isEmpty else { return }
                try app.pipe(part.data, to: command)
            }
        default: break
        }
    }

    private func selectedPart(in app: MailApp) -> MessagePart? {
        guard entries.indices.contains(selected), let part = pager.content.part(entries[selected].number) else {
            app.info = entries.isEmpty ? "The message's body is not here yet." : "That part cannot be read."
            return nil
        }
        return part
    }

    func draw(in app: MailApp) {
        let screen = app.screen
        let width = screen.size.columns
        let height = app.bodyHeight
        let top = max(0, min(selected - height / 2, entries.count - height))
        for row in 0..<height {
            let position = top + row
            guard position < entries.count else { break }
            let entry = entries[position]
            let indent = String(repeating: "  ", count: min(entry.depth, 8))
            var text = " \(entry.number). " + indent + DisplaySanitizer.sanitizeLine(entry.mediaType)
            if let name = entry.filename { text += "  " + DisplaySanitizer.sanitizeLine(name) }
            if !entry.mediaType.hasPrefix("multipart/") { text += "  " + IndexRowFormatter.size(Int64(entry.size)) }
            let role: ThemeRole = position == selected ? .indexSelected : entry.isAttachment ? .pagerAttachment : .index
            screen.putPadded(text, row: row + 1, column: 0, width: width, style: app.theme.style(role))
        }
    }

    func titleHints(in app: MailApp) -> String { "q:Back  Enter:View  w:Save  |:Pipe  ?:Help" }

    func position(in app: MailApp) -> String {
        entries.isEmpty ? "no parts --" : "part \(entries[selected].number)/\(entries.count) --"
    }
}
