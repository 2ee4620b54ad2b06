import Foundation
import MailMessage
import SyncEngine
import Terminal

/// A message written in the editor, waiting for the user's choice: `y` send, `a`
/// attach a file, `d` save in Drafts, `e` edit again, `q` discard. Sending and saving
/// are engine commands, so both work offline.
final class ComposeScreen: AppScreen {
    var pending: PendingCompose

    init(_ pending: PendingCompose) {
        self.pending = pending
    }

    var kind: ScreenKind { .compose }
    var coversMainArea: Bool { false }

    func handle(_ key: Key, in app: MailApp) throws {
        switch key {
        case .character("y"):
            if let reason = pending.cannotSend {
                app.lastError = DisplaySanitizer.sanitizeLine(reason)
                return
            }
            let built = try MessageBuilder().build(pending.draft)
            app.sendCommand(.enqueue(accountId: pending.sender.accountId, message: built, inReplyTo: pending.inReplyTo,
                                     replacingDraft: pending.replacingDraft))
            app.pop(self)
        case .character("d"):
            let bytes = try MessageBuilder().buildDraft(pending.draft)
            app.sendCommand(.saveDraft(accountId: pending.sender.accountId, raw: Data(bytes), replacing: pending.replacingDraft))
            app.pop(self)
        case .character("e"):
            app.pop(self)
            try app.edit(pending)
        case .character("a"):
            app.ask(LineEditor(prompt: "Attach file: ", text: FileManager.default.currentDirectoryPath + "/")) { [self] app, text in
                attach(path: text.trimmingCharacters(in: .whitespaces), in: app)
            }
        case .character("q"):
            app.pop(self)
            app.info = "Discarded."
        default:
            break
        }
    }

    /// Adds a file from disk to the message.
    func attach(path: String, in app: MailApp) {
        guard !path.isEmpty else { return }
        do {
            pending.draft.attachments.append(try Composer.attachment(path: path))
        } catch {
            app.report(error)
        }
    }

    /// The line shown while the message waits for the user's choice.
    var choiceText: String {
        let to = (pending.draft.to + pending.draft.cc).map(\.mailbox).joined(separator: ", ")
        let attached = pending.draft.attachments.isEmpty ? "" : ", \(pending.draft.attachments.count) attached"
        let keys = pending.cannotSend == nil ? "y send, a attach, d save draft, e edit, q discard"
            : "cannot send (no [account.smtp]): a attach, d save draft, e edit, q discard"
        return DisplaySanitizer.sanitizeLine("To \(to.isEmpty ? "nobody yet" : to)\(attached): " + keys)
    }

    func drawMessageLine(in app: MailApp) -> Bool {
        guard app.lastError == nil else { return false }
        let screen = app.screen
        screen.putPadded(choiceText, row: screen.size.rows - 1, column: 0, width: screen.size.columns, style: app.theme.style(.prompt))
        screen.setCursor(nil)
        return true
    }
}
