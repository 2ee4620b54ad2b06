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
    /// A new message's recipients, then its subject.
    case composeTo
    case composeSubject(to: String)
    /// A `:` command.
    case command
    /// A file to attach to the message waiting to be sent.
    case attachFile
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
        case .commandLine:
            prompt = LineEditor(prompt: ":", completion: commandCompletion())
            promptPurpose = .command
            return
        case .syncNow:
            sendCommand(.syncNow)
            info = "Syncing…"
            return
        case .compose:
            let store = store
            prompt = LineEditor(prompt: "To: ", completion: { word in
                ((try? store.suggestAddresses(prefix: word)) ?? []).map { suggestion in
                    suggestion.name.isEmpty ? suggestion.address : "\(suggestion.name) <\(suggestion.address)>"
                }
            })
            promptPurpose = .composeTo
            return
        case .toggleOffline:
            let offline = !connections.values.contains(.offlineByChoice)
            sendCommand(.setOffline(offline))
            info = offline ? "Working offline: changes wait until you press O again." : "Going back online…"
            return
        case .undo:
            guard !undoCommands.isEmpty else {
                info = "Nothing to undo."
                return
            }
            undoCommands.forEach(sendCommand)
            undoCommands = []
            info = "Undone."
            return
        case .untagAll:
            tagged = []
            return
        default: break
        }
        guard let message = try selectedMessage(), let id = message.id else {
            info = "No message selected."
            return
        }
        if action == .toggleTag {
            if tagged.remove(id) == nil { tagged.insert(id) }
            index.select(index.selected + 1, height: bodyHeight)
            return
        }
        // With tags, the action is for every tagged message (and the tags go).
        let targets = try actionTargets(selected: message, for: action)
        let ids = targets.compactMap(\.id)
        switch action {
        case .toggleRead:
            setFlags(ids, flag: "\\Seen", on: !message.hasFlag("\\Seen"))
        case .toggleFlag:
            setFlags(ids, flag: "\\Flagged", on: !message.hasFlag("\\Flagged"))
        case .delete:
            rememberPlaces(targets, undoable: !targets.contains { isInTrash($0) })
            sendCommand(.delete(ids: ids))
        case .archive:
            rememberPlaces(targets, undoable: true)
            sendCommand(.archive(ids: ids))
        case .moveTo:
            prompt = LineEditor(prompt: "Move to folder: ", completion: folderCompletion())
            promptPurpose = .moveTo
        case .copyTo:
            prompt = LineEditor(prompt: "Copy to folder: ", completion: folderCompletion())
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
        case .composeTo:
            prompt = LineEditor(prompt: "Subject: ")
            promptPurpose = .composeSubject(to: text)
        case let .composeSubject(to):
            do { try startCompose(.new, to: to, subject: text) } catch { report(error) }
        case .command:
            do { try runCommand(text) } catch { report(error) }
        case .attachFile:
            attach(path: text.trimmingCharacters(in: .whitespaces))
        case .moveTo, .copyTo:
            let folder = text.trimmingCharacters(in: .whitespaces)
            guard !folder.isEmpty else { return }
            do {
                guard let message = try selectedMessage() else { return }
                let targets = try actionTargets(selected: message, for: .moveTo)
                if purpose == .moveTo { rememberPlaces(targets, undoable: true) } else { undoCommands = [] }
                let ids = targets.compactMap(\.id)
                sendCommand(purpose == .moveTo ? .move(ids: ids, folder: folder) : .copy(ids: ids, folder: folder))
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
        case let .progress(text, done, total):
            progress = DisplaySanitizer.sanitizeLine(text) + " " + Self.bar(done, total)
        case let .done(text):
            progress = nil
            info = DisplaySanitizer.sanitizeLine(text)
        case let .failed(text):
            progress = nil
            lastError = DisplaySanitizer.sanitizeLine(text)
        case let .serverSearchResults(folderId, server, ids):
            mergeServerResults(folderId: folderId, server: server, ids: ids)
        }
    }

    /// Adds what the server's SEARCH found to the search shown, if it is still that one.
    private func mergeServerResults(folderId: Int64, server: ServerSearch, ids: [Int64]) {
        guard var shown = search, shown.server == server, shown.query.folderId == folderId, !ids.isEmpty else { return }
        do {
            let before = index.total
            shown.query.alsoIds = ids
            shown.query.oldestFirst = index.query.oldestFirst
            shown.query.sort = index.query.sort
            var window = IndexWindow(query: shown.query)
            try window.load(from: store)
            index = window
            search = shown
            let more = index.total - before
            info = more > 0 ? "\(more) more found on the server (bodies not downloaded here)." : info
        } catch {
            report(error)
        }
    }

    /// The tagged messages when there are any (and the tags are cleared), else the
    /// selected one. Writing a reply or a prompt's first step keeps the tags.
    private func actionTargets(selected: MessageRecord, for action: UIAction) throws -> [MessageRecord] {
        guard !tagged.isEmpty, action != .moveTo || prompt == nil else { return [selected] }
        let records = tagged.sorted().compactMap { try? store.message(id: $0) }
        tagged = []
        return records
    }

    /// Sets or clears one flag on messages; the opposite change undoes it.
    private func setFlags(_ ids: [Int64], flag: String, on: Bool) {
        sendCommand(.setFlags(ids: ids, add: on ? [flag] : [], remove: on ? [] : [flag]))
        undoCommands = [.setFlags(ids: ids, add: on ? [] : [flag], remove: on ? [flag] : [])]
    }

    /// Before messages leave their folders: the moves that bring them back.
    private func rememberPlaces(_ records: [MessageRecord], undoable: Bool) {
        undoCommands = []
        guard undoable else { return }
        let names = Dictionary(folders().map { ($0.folderId, $0.name) }, uniquingKeysWith: { first, _ in first })
        for (folderId, group) in Dictionary(grouping: records, by: \.folderId) {
            guard let name = names[folderId] else { continue }
            undoCommands.append(.move(ids: group.compactMap(\.id), folder: name))
        }
    }

    private func isInTrash(_ record: MessageRecord) -> Bool {
        folders().contains { $0.folderId == record.folderId && $0.role == "trash" }
    }

    static func bar(_ done: Int, _ total: Int) -> String {
        let width = 10
        let filled = total > 0 ? min(width, done * width / total) : 0
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }

    /// Reloads the folder list and the index after the store changed, keeping the
    /// selection where it was (or the nearest message left).
    func refresh() throws {
        outboxCount = try store.unsentOutboxCount()
        let summaries = try store.folderSummaries()
        sidebar.update(folders: summaries)
        // The first sync of a new store: open the first folder as soon as there is one.
        if currentFolder == nil, search == nil, let first = sidebar.selectedFolder {
            try openFolder(first)
            return
        }
        if let current = currentFolder {
            currentFolder = summaries.first { $0.folderId == current.folderId } ?? current
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
        return outboxCount > 0 ? "online, \(outboxCount) in the outbox" : "online"
    }
}
