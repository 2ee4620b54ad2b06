import Foundation
import MailMessage
import Terminal

/// One message in the pager: its laid-out content, the scroll position, and the
/// pager's keys (scrolling, the next and previous message, attachments).
final class PagerScreen: AppScreen {
    var content: PagerContent
    var top = 0

    init(content: PagerContent) {
        self.content = content
    }

    var kind: ScreenKind { .pager }
    /// On a calendar invitation (METHOD:REQUEST; a cancellation or a reply has nothing to
    /// answer) its keys (A, T, D) come first.
    var keyContext: KeyContext? { content.rendered?.invitation?.method == "REQUEST" ? .invitation : .pager }

    func perform(_ action: UIAction, in app: MailApp) throws {
        let height = app.bodyHeight
        if let moved = ScrolledText.top(after: action, from: top, height: height, lineCount: content.lines.count) {
            top = moved
            return
        }
        let index = app.indexScreen
        switch action {
        case .quit, .back: app.pop(self)
        case .nextMessage:
            try index.index.reach(index.index.selected + 1, store: app.store)
            guard index.index.selected + 1 < index.index.total else {
                app.info = "This is the last message."
                return
            }
            index.index.select(index.index.selected + 1, height: height)
            try app.openSelectedMessage()
        case .previousMessage:
            guard index.index.selected > 0 else {
                app.info = "This is the first message."
                return
            }
            index.index.select(index.index.selected - 1, height: height)
            try app.openSelectedMessage()
        case .saveAttachment, .openAttachment: askForAttachment(open: action == .openAttachment, in: app)
        case .attachments: app.push(AttachmentScreen(pager: self))
        case .allHeaders: try app.toggleAllHeaders()
        case .conversation: try app.openConversation(of: content.messageId)
        case .acceptInvitation: try app.askToAnswerInvitation(.accept, messageId: content.messageId)
        case .tentativeInvitation: try app.askToAnswerInvitation(.tentative, messageId: content.messageId)
        case .declineInvitation: try app.askToAnswerInvitation(.decline, messageId: content.messageId)
        default: try app.performMessageAction(action)
        }
    }

    func draw(in app: MailApp) {
        content.layout(width: app.screen.size.columns)
        ScrolledText.draw(content.lines, top: &top, in: app)
    }

    func titleHints(in app: MailApp) -> String {
        guard keyContext == .invitation else { return "q:Back  Space:Page  J:Next  K:Previous  ?:Help" }
        // The invitation's keys as bound (they can be rebound).
        let keys = Dictionary(app.keymap.keysByAction(in: .invitation).map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
        let hints = [(UIAction.acceptInvitation, "Accept"), (.tentativeInvitation, "Tentative"), (.declineInvitation, "Decline")]
            .compactMap { action, word in keys[action]?.first.map { "\($0):\(word)" } }
        return (hints + ["q:Back", "?:Help"]).joined(separator: "  ")
    }

    func position(in app: MailApp) -> String {
        let percent = ScrolledText.percent(top: top, height: app.bodyHeight, lineCount: content.lines.count)
        let index = app.indexScreen.index
        return "message \(index.selected + 1)/\(index.total)  \(percent)% --"
    }

    // MARK: Attachments

    /// `w` / `v`: asks which attachment when there are several.
    func askForAttachment(open: Bool, in app: MailApp) {
        // Part numbers, as the list under the message, `merle show --text` and `--part N` give them.
        let numbers = content.attachmentNumbers
        guard let first = numbers.first else {
            app.info = "This message has no attachments."
            return
        }
        if numbers.count == 1 {
            chooseAttachment(first, open: open, in: app)
        } else {
            let choices = numbers.count <= 6 ? numbers.map(String.init).joined(separator: ", ") : "\(first)-\(numbers[numbers.count - 1])"
            app.ask(LineEditor(prompt: "\(open ? "Open" : "Save") attachment (\(choices)): ")) { [self] app, text in
                guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
                    app.info = "Give the attachment's number, as listed under the message."
                    return
                }
                chooseAttachment(number, open: open, in: app)
            }
        }
    }

    func chooseAttachment(_ number: Int, open: Bool, in app: MailApp) {
        guard let attachment = content.attachment(number) else {
            app.info = "There is no attachment \(number)."
            return
        }
        if open {
            do {
                if let part = content.part(number) { try app.view(part) }
            } catch {
                app.report(error)
            }
        } else {
            app.ask(LineEditor(prompt: "Save to: ", text: AttachmentSaver.defaultDirectory + "/" + attachment.name)) { [self] app, text in
                saveAttachment(number, to: text.trimmingCharacters(in: .whitespaces), in: app)
            }
        }
    }

    func saveAttachment(_ number: Int, to path: String, in app: MailApp) {
        guard !path.isEmpty, let attachment = content.attachment(number) else { return }
        do {
            let written = try AttachmentSaver.save(attachment.data, to: path, suggestedName: attachment.name)
            app.info = DisplaySanitizer.sanitizeLine("Saved \(written).")
        } catch {
            app.report(error)
        }
    }
}
