import Foundation
import MailMessage
import MailStore

/// The UI's actions, applied to the store at once on the engine's thread (journaled,
/// so they work offline), with what they did in words.
extension MailEngine {
    /// Applies one user action to the store; true when the journal may have grown.
    /// What it touched is said as narrowly as it is known: the folders the messages were
    /// in and are in now, else every folder.
    func apply(_ command: EngineCommand) -> Bool {
        do {
            let text: String
            let moved = command.messageIds
            var touched = try store.folderIds(ofMessages: moved)
            var copies: [Int64] = []
            switch command {
            case let .setFlags(ids, add, remove):
                let changed = try store.changeFlags(messageIds: ids, add: add, remove: remove)
                text = "\(Self.count(changed, "message")) \(Self.flagWords(add: add, remove: remove))."
            case let .move(ids, folder):
                text = "Moved \(Self.count(try store.moveMessages(ids: ids, to: folder), "message")) to \(folder)."
            case let .copy(ids, folder):
                copies = try store.copyMessages(ids: ids, to: folder)
                text = "Copied \(Self.count(copies.count, "message")) to \(folder)."
            case let .delete(ids):
                let outcome = try store.deleteMessages(ids: ids)
                text = outcome.expunged > 0 ? "Deleted \(Self.count(outcome.expunged, "message")) for good."
                    : "Moved \(Self.count(outcome.movedToTrash, "message")) to Trash."
            case let .expunge(ids):
                text = "Deleted \(Self.count(try store.expungeMessages(ids: ids), "message")) for good."
            case let .archive(ids):
                text = "Archived \(Self.count(try store.archiveMessages(ids: ids), "message"))."
            case let .createFolder(account, name):
                try store.createFolder(account: account, name: name)
                text = "Created folder \(name)."
            case let .renameFolder(account, from, to):
                try store.renameFolder(account: account, from: from, to: to)
                text = "Renamed \(from) to \(to)."
            case let .deleteFolder(account, name):
                try store.deleteFolder(account: account, name: name)
                text = "Deleted folder \(name)."
            case let .enqueue(accountId, message, inReplyTo, replacingDraft, sendAfter):
                let queued = try Composer.enqueue(message, accountId: accountId, store: store, inReplyTo: inReplyTo, replacingDraft: replacingDraft,
                                                  sendAfter: sendAfter)
                events(.queued(outboxId: queued.id!, sendAfter: sendAfter))
                text = try queuedWords(queued, message, what: "message")
            case let .enqueueBounce(accountId, message):
                let queued = try Composer.enqueue(message, accountId: accountId, store: store, inReplyTo: nil, replacingDraft: nil,
                                                  filesSentCopy: false)
                text = try queuedWords(queued, message, what: "bounce")
            case let .saveDraft(accountId, raw, replacing):
                try store.saveDraft(accountId: accountId, raw: raw, replacing: replacing)
                text = "Saved in Drafts."
            case let .takeBack(outboxId):
                guard try store.takeBackOutbox(id: outboxId) != nil else {
                    events(.failed("too late to undo: the message is already going out (or gone); `merle outbox` shows it"))
                    return false
                }
                events(.outboxChanged)
                // The reader words it: the message back in the editor, or the answer it wrote taken back.
                events(.takenBack(outboxId: outboxId))
                return false
            case .syncNow, .setOffline, .fetchBody, .syncFolder, .serverSearch, .folderOpened, .unsubscribeOneClick, .indexEncryptedBodies:
                return false
            }
            if moved.isEmpty {
                // Folders made, renamed or removed, a message queued or a draft saved.
                events(.foldersChanged)
            } else {
                touched.formUnion(try store.folderIds(ofMessages: moved + copies))
                let flagsOnly: Bool
                if case .setFlags = command { flagsOnly = true } else { flagsOnly = false }
                for folder in touched.sorted() {
                    events(flagsOnly ? .flagsChanged(folderId: folder, messageIds: moved) : .folderChanged(folderId: folder))
                }
            }
            events(.done(text))
            return true
        } catch {
            events(.failed(StoreError.explain(error)))
            return false
        }
    }

    /// What queueing a message did, in words, and the outbox's event.
    private func queuedWords(_ queued: OutboxRecord, _ message: BuiltMessage, what: String) throws -> String {
        let words = "Queued the \(what) to \(Self.count(message.recipients.count, "recipient"))"
        let name = try store.accountName(id: queued.accountId)
        events(.outboxChanged)
        if let after = queued.sendAfter, after > Date(), accounts.first(where: { $0.name == name })?.smtp != nil {
            return words + "; it goes out at \(OutboxTime.text(after)), not before."
        }
        if accounts.first(where: { $0.name == name })?.smtp != nil {
            return words + "; it goes out as soon as the server can be reached."
        }
        // Said as it is: nothing here will send it (the demo, an account without SMTP).
        return words + "; it waits in the outbox: no SMTP server is configured for \(name)."
    }

    /// An RFC 8058 one-click unsubscription, on the engine's thread (the UI never touches
    /// the network); offline by choice it is refused rather than kept for later.
    func unsubscribe(_ uri: String) {
        guard !offlineByChoice else {
            events(.failed("working offline: the unsubscription was not sent; press O to go online and try again"))
            return
        }
        do {
            let status = try OneClickUnsubscribe().post(to: uri)
            let host = OneClickUnsubscribe.Target(uri)?.host ?? uri
            events(.done("Unsubscribed: \(host) answered \(status.split(separator: " ").dropFirst().joined(separator: " "))."))
        } catch {
            events(.failed("the unsubscription failed: \(error)"))
        }
    }

    /// Downloads a message's body now (opened while its body was on the server).
    func fetchBody(_ messageId: Int64) {
        do {
            guard let place = try store.messagePlace(id: messageId), let mirror = try mirror(for: place.account) else { return }
            try mirror.fetchBody(messageId: messageId)
            events(.folderChanged(folderId: place.folderId))
        } catch {
            events(.failed("could not download message \(messageId): \(error); it is shown once the server can be reached"))
        }
    }

    /// The server's SEARCH in one folder; offline it quietly finds nothing more.
    func serverSearch(_ folderId: Int64, _ search: ServerSearch) {
        guard !offlineByChoice, !search.isEmpty else { return }
        do {
            guard let place = try store.folderPlace(id: folderId), let mirror = try mirror(for: place.account) else { return }
            let ids = try mirror.searchOnServer(folder: place.folder, search)
            events(.serverSearchResults(folderId: folderId, search: search, ids: ids))
        } catch {
            events(.failed("the server could not search \(StoreError.explain(error)); only the local results are shown"))
        }
    }

    // MARK: - Words

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    static func flagWords(add: [String], remove: [String]) -> String {
        func name(_ flag: String) -> String {
            switch SystemFlag(name: flag) {
            case .seen?: return "read"
            case let system?: return system.plainName
            case nil: return flag
            }
        }
        var parts: [String] = []
        if !add.isEmpty { parts.append("marked " + add.map(name).joined(separator: ", ")) }
        if !remove.isEmpty {
            parts.append(remove.map { SystemFlag(name: $0) == .seen ? "marked unread" : "unmarked \(name($0))" }.joined(separator: ", "))
        }
        return parts.joined(separator: "; ")
    }
}
