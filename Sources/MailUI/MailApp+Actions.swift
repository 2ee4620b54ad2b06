import Foundation
import MailMessage
import MailStore
import SyncEngine

/// Actions on the selected (or tagged) messages, shared by the index and the pager.
/// The UI sends the command and shows what the engine reports; the store changes on
/// the engine's side.
extension MailApp {
    /// The message the keys act on: the selected one in the index (also under the pager).
    func selectedMessage() throws -> MessageRecord? {
        try index.record(at: index.selected, store: store)
    }

    func performMessageAction(_ action: UIAction) throws {
        switch action {
        case .commandLine:
            ask(LineEditor(prompt: ":", completion: commandCompletion())) { app, text in try app.runCommand(text) }
            return
        case .syncNow:
            sendCommand(.syncNow)
            info = "Syncing…"
            return
        case .compose:
            askForNewMessage()
            return
        case .toggleOffline:
            let offline = !connections.values.contains(.offlineByChoice)
            sendCommand(.setOffline(offline))
            info = offline ? "Working offline: changes wait until you press O again." : "Going back online…"
            return
        case .undo:
            // A message still waiting for its send delay comes back first.
            if undoSend() { return }
            guard !undoCommands.isEmpty else {
                info = undoUnavailable ?? "Nothing to undo."
                return
            }
            undoCommands.forEach(sendCommand)
            undoCommands = []
            info = "Undone."
            return
        case .untagAll:
            tagged = []
            return
        case .limit:
            ask(LineEditor(prompt: "Limit to messages matching (all: every message): ", text: search?.text ?? "")) { app, text in
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if ["", "all", "~a"].contains(trimmed.lowercased()) {
                    try app.clearSearch()
                    app.info = "Every message shown."
                } else {
                    app.runSearch(trimmed)
                }
            }
            return
        case .tagPattern:
            ask(LineEditor(prompt: "Tag messages matching: ")) { app, text in try app.tagMatching(text) }
            return
        case .moveTo, .copyTo:
            // The targets are taken when the folder is given: the tags stay until then,
            // and a cancelled prompt keeps them.
            let move = action == .moveTo
            ask(LineEditor(prompt: move ? "Move to folder: " : "Copy to folder: ", completion: folderCompletion())) { app, text in
                try app.transfer(to: text, move: move)
            }
            return
        default: break
        }
        guard let message = try selectedMessage(), let id = message.id else {
            info = "No message selected."
            return
        }
        switch action {
        case .toggleTag:
            if tagged.remove(id) == nil { tagged.insert(id) }
            index.select(index.selected + 1, height: bodyHeight)
        case .toggleRead:
            setFlags(try takeTargets(selected: message).compactMap(\.id), flag: SystemFlag.seen.rawValue, on: !message.has(.seen))
        case .toggleFlag:
            setFlags(try takeTargets(selected: message).compactMap(\.id), flag: SystemFlag.flagged.rawValue, on: !message.has(.flagged))
        case .delete:
            try delete(selected: message)
        case .archive:
            let targets = try takeTargets(selected: message)
            rememberPlaces(targets, undoable: true)
            sendCommand(.archive(ids: targets.compactMap(\.id)))
        case .reply: try startCompose(.reply(id, to: .sender))
        case .replyAll: try startCompose(.reply(id, to: .all))
        case .listReply: try startCompose(.reply(id, to: .list))
        case .forward: try startCompose(.forward(id))
        case .editDraft: try startCompose(.draft(id))
        case .bounce: askToBounce(selected: message)
        case .unsubscribe: try askToUnsubscribe(from: message)
        case .saveMessage: askToSaveMessages(selected: message)
        case .pipe: askToPipe(selected: message)
        default: break
        }
    }

    /// Tags every message of the open folder that the search finds (`T`); the next
    /// action applies to them all.
    func tagMatching(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return }
        let query = try SearchQuery(trimmed, folderId: currentFolder?.folderId, timeZone: formatter.timeZone).query
        let ids = try store.messageIds(query)
        let before = tagged.count
        tagged.formUnion(ids)
        info = ids.isEmpty ? "No messages match \(DisplaySanitizer.sanitizeLine(trimmed))."
            : "Tagged \(ids.count) message\(ids.count == 1 ? "" : "s")\(tagged.count - before < ids.count ? " (some were tagged already)" : ""); the next action applies to all \(tagged.count)."
    }

    /// Deletes the tagged messages (else the selected one): to Trash, where undo brings
    /// them back; messages already in Trash go for good, only after a `y`.
    func delete(selected message: MessageRecord) throws {
        let count = tagged.isEmpty ? 1 : tagged.count
        let inTrash = tagged.isEmpty ? isInTrash(message) : try tagged.contains { isInTrash(try store.message(id: $0)) }
        guard inTrash else {
            let targets = try takeTargets(selected: message)
            rememberPlaces(targets, undoable: true)
            sendCommand(.delete(ids: targets.compactMap(\.id)))
            return
        }
        let what = count == 1 ? "this message" : "these \(count) messages"
        confirm("Delete \(what) for good? \(count == 1 ? "It is" : "They are") in Trash; this cannot be undone.",
                declined: { app in app.info = "Nothing deleted." }) { app in
            let targets = try app.takeTargets(selected: message)
            app.rememberPlaces(targets, undoable: false)
            app.undoUnavailable = "The last delete removed messages from Trash for good; that cannot be undone."
            app.sendCommand(.delete(ids: targets.compactMap(\.id)))
        }
    }

    /// Moves or copies the tagged messages (else the selected one) to `folder`.
    func transfer(to text: String, move: Bool) throws {
        let folder = text.trimmingCharacters(in: .whitespaces)
        guard !folder.isEmpty, let message = try selectedMessage() else { return }
        let targets = try takeTargets(selected: message)
        if move { rememberPlaces(targets, undoable: true) } else { undoCommands = [] }
        let ids = targets.compactMap(\.id)
        sendCommand(move ? .move(ids: ids, folder: folder) : .copy(ids: ids, folder: folder))
    }

    /// The tagged messages when there are any (and the tags are cleared: the action
    /// took them), else the selected one.
    func takeTargets(selected: MessageRecord) throws -> [MessageRecord] {
        guard !tagged.isEmpty else { return [selected] }
        let records = tagged.sorted().compactMap { try? store.message(id: $0) }
        tagged = []
        return records
    }

    /// Sets or clears one flag on messages; the opposite change undoes it.
    private func setFlags(_ ids: [Int64], flag: String, on: Bool) {
        sendCommand(.setFlags(ids: ids, add: on ? [flag] : [], remove: on ? [] : [flag]))
        undoCommands = [.setFlags(ids: ids, add: on ? [] : [flag], remove: on ? [flag] : [])]
        undoUnavailable = nil
    }

    /// Before messages leave their folders: the moves that bring them back.
    func rememberPlaces(_ records: [MessageRecord], undoable: Bool) {
        undoCommands = []
        undoUnavailable = nil
        guard undoable else { return }
        let names = Dictionary(folderList.folders.map { ($0.folderId, $0.name) }, uniquingKeysWith: { first, _ in first })
        for (folderId, group) in Dictionary(grouping: records, by: \.folderId) {
            guard let name = names[folderId] else { continue }
            undoCommands.append(.move(ids: group.compactMap(\.id), folder: name))
        }
    }

    func isInTrash(_ record: MessageRecord) -> Bool {
        folderList.folders.contains { $0.folderId == record.folderId && $0.role == "trash" }
    }
}
