import Foundation
import MailMessage
import MailStore
import SyncEngine

/// The engine's events: reload what changed, show progress and outcomes in words.
extension MailApp {
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
            indexScreen.search = shown
            let more = index.total - before
            info = more > 0 ? "\(more) more found on the server (bodies not downloaded here)." : info
        } catch {
            report(error)
        }
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
        folderList.sidebar.update(folders: summaries)
        // The first sync of a new store: open the first folder as soon as there is one.
        if currentFolder == nil, search == nil, let first = folderList.sidebar.selectedFolder {
            try openFolder(first)
            return
        }
        if let current = currentFolder {
            indexScreen.currentFolder = summaries.first { $0.folderId == current.folderId } ?? current
        }
        // A message opened before its body arrived: show it now.
        if let shown = pagerScreen, shown.content.rendered == nil, try store.rawMessage(id: shown.content.messageId) != nil {
            var content = try PagerContent(messageId: shown.content.messageId, store: store)
            content.layout(width: screen.size.columns)
            shown.content = content
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
