import Foundation
import MailMessage
import MailStore
import SyncEngine

/// The engine's events: reload what changed, show progress and outcomes in words.
extension MailApp {
    /// One event from the engine.
    public func handle(_ event: EngineEvent) {
        handle([event])
    }

    /// Events in the order the engine sent them; changes to the store are gathered and
    /// the windows they touch reload once.
    public func handle(_ events: [EngineEvent]) {
        var reload = Reload()
        for event in events {
            switch event {
            case let .messagesAdded(folderId, _), let .folderChanged(folderId):
                reload.folders.insert(folderId)
                // A search may show messages of any folder.
                if folderId == currentFolder?.folderId || search != nil { reload.index = true }
                if let shown = pagerScreen, shown.content.rendered == nil { reload.pager = true }
            case let .flagsChanged(folderId, messageIds):
                reload.folders.insert(folderId)
                // The same messages in the same order: the rows are read again, not counted,
                // unless a search may have gained or lost some by their flags; when the
                // messages are named, only theirs.
                if folderId == currentFolder?.folderId || search != nil {
                    if index.query.dependsOnFlags {
                        reload.index = true
                    } else if messageIds.isEmpty || reload.rows {
                        reload.rows = true
                        reload.changedRows = nil
                    } else if reload.changedRows != nil {
                        reload.changedRows!.formUnion(messageIds)
                    } else {
                        reload.changedRows = Set(messageIds)
                    }
                }
            case .foldersChanged:
                reload = Reload(sidebar: true, index: true, pager: true, outbox: true)
            case .outboxChanged:
                reload.outbox = true
            case .queued, .takenBack:
                sendEvent(event)
            case let .connection(account, state):
                announce(account, state)
                connections[account] = state
            case let .progress(work):
                progress = DisplaySanitizer.sanitizeLine(work.text) + " " + work.bar(width: 10)
            case let .note(note):
                // A fact of a sync ends the step its progress line was about.
                progress = nil
                show(note)
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
        guard reload != Reload() else { return }
        do { try refresh(reload) } catch { report(error) }
    }

    /// What a batch of events asks to read again.
    struct Reload: Equatable {
        /// Every folder's counts (the list may have changed).
        var sidebar = false
        /// These folders' counts only.
        var folders: Set<Int64> = []
        /// The index's rows, read again without counting them again.
        var rows = false
        /// Only these messages' rows, read again (their flags changed).
        var changedRows: Set<Int64>?
        var index = false
        var pager = false
        var outbox = false
    }

    /// The notes a user of the reader must see; the rest are for `merle sync`'s log.
    private func show(_ note: SyncNote) {
        switch note {
        case let .journalReplayed(account, summary):
            if let problem = summary.problems.last { lastError = DisplaySanitizer.sanitizeLine("\(account): \(problem)") }
        case let .sent(account, summary):
            progress = nil
            info = DisplaySanitizer.sanitizeLine("\(account): sent \(summary.sent), failed \(summary.failed), uncertain \(summary.uncertain).")
            if let problem = summary.problems.last { lastError = DisplaySanitizer.sanitizeLine("\(account): \(problem)") }
        case let .downloaded(account, summary) where summary.downloaded > 0:
            progress = nil
            info = DisplaySanitizer.sanitizeLine("\(account): \(summary.downloaded) new message\(summary.downloaded == 1 ? "" : "s").")
        case .notWatched:
            lastError = note.lines.first.map(DisplaySanitizer.sanitizeLine)
        default:
            break
        }
    }

    /// A change of an account's state, said once when it happens.
    private func announce(_ account: String, _ state: ConnectionState) {
        guard connections[account] != state else { return }
        switch state {
        case let .offline(reason, _) where !isOffline(connections[account]):
            info = DisplaySanitizer.sanitizeLine("\(account): cannot reach the server (\(reason)); your changes wait and go out when it is back")
        case let .loginRefused(reason):
            lastError = DisplaySanitizer.sanitizeLine("\(account): the server refused the login (\(reason)); fix the password in the config, then press $ to try again")
        default:
            break
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
            indexScreen.search = shown
            let more = index.total - before
            info = more > 0 ? "\(more) more found on the server (bodies not downloaded here)." : info
        } catch {
            report(error)
        }
    }

    /// Reloads the folder list and the index after the store changed, keeping the
    /// selection where it was (or the nearest message left).
    func refresh() throws {
        try refresh(Reload(sidebar: true, index: true, pager: true, outbox: true))
    }

    /// Reloads what changed.
    func refresh(_ reload: Reload) throws {
        if reload.outbox { outboxCount = try store.unsentOutboxCount() }
        // Mail came, went or changed flags somewhere: a saved search may count it (once
        // the folder list below is read again).
        defer { if reload.sidebar || !reload.folders.isEmpty { recountSavedSearches() } }
        var sidebar = reload.sidebar
        if !sidebar {
            // One folder's counts are a query on that folder; a folder the list does not
            // have yet (made by the action) means the list is read again.
            for folderId in reload.folders.sorted() {
                guard let summary = try store.folderSummary(id: folderId), folderList.sidebar.update(folder: summary) else {
                    sidebar = true
                    break
                }
                if summary.folderId == currentFolder?.folderId { indexScreen.currentFolder = summary }
            }
        }
        if sidebar {
            let summaries = try store.folderSummaries()
            folderList.sidebar.update(folders: summaries)
            // The first sync of a new store: open the first folder as soon as there is one.
            if currentFolder == nil, search == nil, let first = folderList.sidebar.selectedFolder {
                try openFolder(first)
                return
            }
            if let current = currentFolder {
                indexScreen.currentFolder = summaries.first { $0.folderId == current.folderId } ?? current
            }
        }
        // A message opened before its body arrived: show it now.
        if reload.pager, let shown = pagerScreen, shown.content.rendered == nil, try store.rawMessage(id: shown.content.messageId) != nil {
            // The same renderer as on opening (html_viewer, headers, the reader's time zone).
            let folderId = try store.message(id: shown.content.messageId).folderId
            var content = try PagerContent(messageId: shown.content.messageId, store: store, renderer: renderer(forFolder: folderId))
            content.layout(width: screen.size.columns)
            shown.content = content
        }
        if reload.index {
            try index.load(from: store)
            if mode == .index { index.scrollToSelection(height: bodyHeight) }
        } else if reload.rows {
            index.forgetRows()
        } else if let changed = reload.changedRows {
            try index.reread(ids: changed, store: store)
        }
    }

    private func isOffline(_ state: ConnectionState?) -> Bool {
        if case .offline? = state { return true }
        return false
    }

    /// The engine's state in a few words for the status line: "offline", "syncing" …
    /// A retry shows as a countdown that moves (`nextTick` wakes the loop each second).
    func connectionText(now: Date = Date()) -> String? {
        guard !connections.isEmpty else { return nil }
        let states = Array(connections.values)
        if states.contains(.offlineByChoice) { return "offline (O: go online)" }
        if states.contains(where: { if case .loginRefused = $0 { return true } else { return false } }) {
            return "login refused ($: try again)"
        }
        if let retry = states.compactMap({ state -> Date? in if case let .offline(_, at) = state { return at } else { return nil } }).min() {
            return "offline, retrying in \(max(0, Int(retry.timeIntervalSince(now).rounded(.up)))) s"
        }
        if states.contains(.connecting) { return "connecting" }
        return outboxCount > 0 ? "online, \(outboxCount) in the outbox" : "online"
    }

    /// The next second boundary while a retry countdown shows.
    var countdownTick: Date? {
        guard pendingSend != nil
                || connections.values.contains(where: { if case .offline = $0 { return true } else { return false } }) else { return nil }
        let now = Date().timeIntervalSinceReferenceDate
        return Date(timeIntervalSinceReferenceDate: now.rounded(.down) + 1)
    }
}
