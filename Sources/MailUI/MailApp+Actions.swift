import Foundation
import MailMessage
import MailStore
import SyncEngine

/// What the bottom-line prompt collects.
enum PromptPurpose: Sendable, Equatable {
    case search, moveTo, copyTo
    /// Which attachment to save (or open).
    case attachmentNumber(open: Bool)
    /// Where to save attachment N.
    case savePath(Int)
}

/// Actions on the selected message and the engine's events. The UI sends the command
/// and shows what the engine reports; the store changes on the engine's side.
extension MailApp {
    /// The message the keys act on: the selected one in the index (also under the pager).
    func selectedMessage() throws -> MessageRecord? {
        try index.record(at: index.selected, store: store)
    }

    func performMessageAction(_ action: UIAction) throws {
        switch action {
        case .syncNow:
            sendCommand(.syncNow)
            info = "Syncing…"
            return
        case .compose:
            try startCompose(.new)
            return
        case .toggleOffline:
            let offline = !connections.values.contains(.offlineByChoice)
            sendCommand(.setOffline(offline))
            info = offline ? "Working offline: changes wait until you press O again." : "Going back online…"
            return
        default: break
        }
        guard let message = try selectedMessage(), let id = message.id else {
            info = "No message selected."
            return
        }
        switch action {
        case .toggleRead:
            let read = message.hasFlag("\\Seen")
            sendCommand(.setFlags(ids: [id], add: read ? [] : ["\\Seen"], remove: read ? ["\\Seen"] : []))
        case .toggleFlag:
            let flagged = message.hasFlag("\\Flagged")
            sendCommand(.setFlags(ids: [id], add: flagged ? [] : ["\\Flagged"], remove: flagged ? ["\\Flagged"] : []))
        case .delete: sendCommand(.delete(ids: [id]))
        case .archive: sendCommand(.archive(ids: [id]))
        case .moveTo:
            prompt = LineEditor(prompt: "Move to folder: ", text: "")
            promptPurpose = .moveTo
        case .copyTo:
            prompt = LineEditor(prompt: "Copy to folder: ", text: "")
            promptPurpose = .copyTo
        case .reply: try startCompose(.reply(id, all: false))
        case .replyAll: try startCompose(.reply(id, all: true))
        case .forward: try startCompose(.forward(id))
        case .editDraft: try startCompose(.draft(id))
        default: break
        }
    }

    /// A prompt's answer.
    func accept(_ text: String, for purpose: PromptPurpose) {
        switch purpose {
        case .search:
            runSearch(text)
        case let .attachmentNumber(open):
            guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
                info = "Give the attachment's number, as listed under the message."
                return
            }
            chooseAttachment(number, open: open)
        case let .savePath(number):
            saveAttachment(number, to: text.trimmingCharacters(in: .whitespaces))
        case .moveTo, .copyTo:
            let folder = text.trimmingCharacters(in: .whitespaces)
            guard !folder.isEmpty else { return }
            do {
                guard let id = try selectedMessage()?.id else { return }
                sendCommand(purpose == .moveTo ? .move(ids: [id], folder: folder) : .copy(ids: [id], folder: folder))
            } catch {
                report(error)
            }
        }
    }

    /// One event from the engine.
    public func handle(_ event: EngineEvent) {
        switch event {
        case .storeChanged:
            do { try refresh() } catch { report(error) }
        case let .connection(account, state):
            if case let .offline(reason, _) = state, connections[account] != state, !isOffline(connections[account]) {
                info = DisplaySanitizer.sanitizeLine("\(account): cannot reach the server (\(reason)); your changes wait and go out when it is back")
            }
            connections[account] = state
        case let .progress(text):
            progress = DisplaySanitizer.sanitizeLine(text)
        case let .done(text):
            progress = nil
            info = DisplaySanitizer.sanitizeLine(text)
        case let .failed(text):
            progress = nil
            lastError = DisplaySanitizer.sanitizeLine(text)
        }
    }

    /// Reloads the folder list and the index after the store changed, keeping the
    /// selection where it was (or the nearest message left).
    func refresh() throws {
        sidebar.update(folders: try store.folderSummaries())
        // The first sync of a new store: open the first folder as soon as there is one.
        if currentFolder == nil, search == nil, let first = sidebar.selectedFolder {
            try openFolder(first)
            return
        }
        if let current = currentFolder {
            currentFolder = try store.folderSummaries(account: current.account).first { $0.folderId == current.folderId } ?? current
        }
        // A message opened before its body arrived: show it now.
        if let shown = pager, shown.rendered == nil, try store.rawMessage(id: shown.messageId) != nil {
            var content = try PagerContent(messageId: shown.messageId, store: store)
            content.layout(width: screen.size.columns)
            pager = content
        }
        try index.load(from: store)
        if mode == .index { index.scrollToSelection(height: bodyHeight) }
    }

    private func isOffline(_ state: ConnectionState?) -> Bool {
        if case .offline? = state { return true }
        return false
    }

    /// The engine's state in a few words for the status line: "offline", "syncing" …
    var connectionText: String? {
        guard !connections.isEmpty else { return nil }
        let states = Array(connections.values)
        if states.contains(.offlineByChoice) { return "offline (O: go online)" }
        if let offline = states.first(where: { if case .offline = $0 { return true } else { return false } }),
           case let .offline(_, retry) = offline {
            return "offline, retrying in \(Int(retry.rounded(.up))) s"
        }
        if states.contains(.connecting) { return "connecting" }
        return "online"
    }
}
