import Foundation
import MailMessage
import MailStore
import Terminal

/// The message index of the open folder (or of a search): its window over the store,
/// the folder it shows, the search, the thread view, and the index's keys. Always at
/// the bottom of the reader's screens; the folder list beside it has its own screen.
final class IndexScreen: AppScreen {
    var index: IndexWindow
    var currentFolder: FolderSummary?
    var search: SearchQuery?
    /// Whether folders open as threads (V); search results are always flat.
    var threadsPreferred = false

    init() {
        index = IndexWindow(query: MessageQuery(folderId: nil))
    }

    var kind: ScreenKind { .index }
    var keyContext: KeyContext? { .index }

    func perform(_ action: UIAction, in app: MailApp) throws {
        let height = app.bodyHeight
        // A search not counted yet reads on before a move past the rows known (the end counts it).
        let forward = [UIAction.moveDown: 1, .pageDown: max(height, 1), .halfPageDown: max(height / 2, 1)][action]
        if let forward { try index.reach(index.selected + forward, store: app.store) }
        if action == .last { try index.count(store: app.store) }
        switch action {
        case .quit: app.quit()
        case .moveDown: index.select(index.selected + 1, height: height)
        case .moveUp: index.select(index.selected - 1, height: height)
        case .pageDown: index.select(index.selected + max(height, 1), height: height)
        case .pageUp: index.select(index.selected - max(height, 1), height: height)
        case .halfPageDown: index.select(index.selected + max(height / 2, 1), height: height)
        case .halfPageUp: index.select(index.selected - max(height / 2, 1), height: height)
        case .first: index.select(0, height: height)
        case .last: index.select(index.total - 1, height: height)
        case .open: try app.openSelectedMessage()
        case .search:
            app.ask(LineEditor(prompt: "Search: ", text: search?.text ?? "")) { app, text in app.runSearch(text) }
        case .clearSearch: if search != nil { try app.clearSearch() }
        case .focusSidebar: app.push(app.folderList)
        case .allHeaders: try app.toggleAllHeaders()
        case .attachments:
            try app.openSelectedMessage()
            if let pager = app.pagerScreen { app.push(AttachmentScreen(pager: pager)) }
        case .toggleSidebar: app.folderList.hidden.toggle()
        case .toggleSort:
            try index.toggleOrder(store: app.store)
            app.info = "Sorted " + index.sortDescription + "."
        case .cycleSort:
            try index.setSort(index.query.sort.next, store: app.store)
            threadsPreferred = threadsPreferred && index.isThreaded
            app.info = "Sorted " + index.sortDescription + (index.query.sort == .date ? "." : "; threads need date order.")
        case .toggleThreads:
            threadsPreferred = !index.isThreaded
            try index.setThreaded(threadsPreferred, store: app.store)
            app.info = index.isThreaded ? "Threads: replies under what they answer; - collapses a thread."
                : search != nil ? "Search results are a flat list." : "Threads off."
        case .toggleThread:
            guard index.isThreaded else {
                app.info = "Threads are off; V turns them on."
                return
            }
            try index.toggleSelectedThread(store: app.store)
        default: try app.performMessageAction(action)
        }
    }

    func draw(in app: MailApp) {
        app.drawBrowser()
    }

    func titleHints(in app: MailApp) -> String {
        "q:Quit  Enter:Open  /:Search  Tab:Folders  ?:Help"
    }

    func position(in app: MailApp) -> String {
        index.total == 0 ? "" : "\(index.selected + 1)/\(index.isCounted ? "\(index.total)" : "\(index.total - 1)+") --"
    }

    /// Shows `folder`'s messages (a new window, the sort and thread view kept).
    func open(_ folder: FolderSummary, store: MailStore) throws {
        currentFolder = folder
        search = nil
        var query = MessageQuery(folderId: folder.folderId, oldestFirst: index.query.oldestFirst)
        query.sort = index.query.sort
        index = IndexWindow(query: query)
        if threadsPreferred {
            try index.setThreaded(true, store: store)
        } else {
            try index.load(from: store)
        }
    }
}
