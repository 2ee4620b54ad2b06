import Foundation
import MailMessage
import MailStore
import MerleConfig
import SyncEngine
import Terminal

/// The application state and the one place keys are handled. The UI loop (`MailUIRunner`)
/// feeds it keys and asks it to draw; tests do the same with a `TextGridScreen`.
///
/// It reads the store through MailStore's query API only and never writes it; actions
/// that change mail go to the engine as `EngineCommand`s, and the engine's events come
/// back through `handle(_:)`. Not thread-safe by design: it lives on the UI thread with
/// the screen.
public final class MailApp {
    let store: MailStore
    public let screen: any Screen
    public var theme: Theme
    let keymap: Keymap
    let formatter: IndexRowFormatter

    public internal(set) var mode: UIMode = .index
    /// Which of the index's two panes has the keys.
    public internal(set) var focus: KeyContext = .index
    public internal(set) var sidebar: SidebarModel
    public internal(set) var index: IndexWindow
    public internal(set) var currentFolder: FolderSummary?
    public internal(set) var pager: PagerContent?
    var pagerTop = 0
    var helpTop = 0
    public internal(set) var prompt: LineEditor?
    public internal(set) var search: SearchQuery?
    /// The last error, in words, shown on the bottom line until the next key.
    public internal(set) var lastError: String?
    var info: String?
    var sidebarHidden = false
    public internal(set) var isFinished = false

    /// What the prompt on the bottom line is for.
    var promptPurpose: PromptPurpose = .search
    /// Where commands go: the engine, which applies them (the UI never writes the store).
    /// A new receiver has not been told the open folder yet (`announceOpenFolder`).
    public var sendCommand: (EngineCommand) -> Void = { _ in } {
        didSet { announcedFolderId = nil }
    }
    /// The folder the engine was last told is open (it watches that one with IDLE).
    var announcedFolderId: Int64?
    /// The engine's connection state per account, for the status line.
    public internal(set) var connections: [String: ConnectionState] = [:]
    /// Work in progress reported by the engine, shown until the next event.
    var progress: String?
    /// The configured accounts: senders for new messages.
    public var accounts: [AccountConfiguration] = []
    /// Runs the user's editor on a file and returns when it exits (the runner hands
    /// the terminal over); nil where no editor can run.
    public var onEdit: ((String) throws -> Void)?
    /// A message written and waiting for the user's choice: send, save, edit, discard.
    public internal(set) var pendingCompose: PendingCompose?
    /// Whether folders open as threads (V); search results are always flat.
    var threadsPreferred = false
    /// Tagged messages: while any are, actions apply to all of them.
    public internal(set) var tagged: Set<Int64> = []
    /// The commands that undo the last action, when it can be undone.
    var undoCommands: [EngineCommand] = []
    /// Messages waiting in the outbox, for the status line.
    var outboxCount = 0
    /// Opens a saved file with the desktop's handler (`xdg-open`); nil where none can run.
    public var onOpenFile: ((String) throws -> Void)?
    /// Called for Ctrl-Z; the runner suspends the real terminal.
    public var onSuspend: (() -> Void)?
    /// Called for Ctrl-L; the runner forces a full repaint of the real terminal.
    public var onRepaint: (() -> Void)?

    public init(store: MailStore, screen: any Screen, theme: Theme = .builtInDefault, keymap: Keymap = .standard,
                timeZone: TimeZone = .current) throws {
        self.store = store
        self.screen = screen
        self.theme = theme
        self.keymap = keymap
        formatter = IndexRowFormatter(timeZone: timeZone)
        let folders = try store.folderSummaries()
        sidebar = SidebarModel(folders: folders)
        index = IndexWindow(query: MessageQuery(folderId: nil))
        if let first = sidebar.selectedFolder {
            try openFolder(first)
        }
    }

    // MARK: Layout

    /// Rows between the title bar and the status line.
    var bodyHeight: Int { max(screen.size.rows - 3, 0) }

    /// The sidebar's width, or 0 when it is hidden (narrow screens show it only on demand).
    var sidebarWidth: Int {
        let columns = screen.size.columns
        if focus == .sidebar && columns < 60 { return columns }
        if sidebarHidden || columns < 60 { return 0 }
        return min(28, max(16, columns / 5))
    }

    /// Where the index starts (after the sidebar and its separator).
    var indexColumn: Int { sidebarWidth == 0 ? 0 : sidebarWidth + 1 }

    var indexWidth: Int { max(screen.size.columns - indexColumn, 0) }

    // MARK: Keys

    /// Handles one key (or resize or mouse event).
    public func handle(_ key: Key) {
        lastError = nil
        if var editor = prompt {
            switch editor.handle(key) {
            case .editing: prompt = editor
            case .cancelled: prompt = nil
            case .accepted(let text):
                prompt = nil
                accept(text, for: promptPurpose)
            }
            return
        }
        info = nil
        if pendingCompose != nil {
            handleComposeChoice(key)
            return
        }
        if case .mouse(let event) = key {
            handleMouse(event)
            return
        }
        let context: KeyContext = mode == .pager ? .pager : mode == .help ? .help : focus
        guard let action = keymap.action(for: key, in: context) else {
            if key != .resize { info = "\(key) is not bound here; press ? for help" }
            return
        }
        perform(action, context: context)
    }

    func perform(_ action: UIAction, context: KeyContext) {
        do {
            switch (context, action) {
            case (_, .redraw): onRepaint?()
            case (_, .suspend): onSuspend?()
            case (_, .help):
                mode = .help
                helpTop = 0
            case (.index, .quit), (.sidebar, .quit): isFinished = true
            case (.pager, .quit): mode = .index
            case (.index, _): try performInIndex(action)
            case (.sidebar, _): try performInSidebar(action)
            case (.pager, _): try performInPager(action)
            case (.help, _): performInHelp(action)
            }
        } catch {
            report(error)
        }
    }

    func performInIndex(_ action: UIAction) throws {
        let height = bodyHeight
        switch action {
        case .moveDown: index.select(index.selected + 1, height: height)
        case .moveUp: index.select(index.selected - 1, height: height)
        case .pageDown: index.select(index.selected + max(height, 1), height: height)
        case .pageUp: index.select(index.selected - max(height, 1), height: height)
        case .halfPageDown: index.select(index.selected + max(height / 2, 1), height: height)
        case .halfPageUp: index.select(index.selected - max(height / 2, 1), height: height)
        case .first: index.select(0, height: height)
        case .last: index.select(index.total - 1, height: height)
        case .open: try openSelectedMessage()
        case .search:
            prompt = LineEditor(prompt: "Search: ", text: search?.text ?? "")
            promptPurpose = .search
        case .clearSearch: if search != nil { try clearSearch() }
        case .focusSidebar: focus = .sidebar
        case .toggleSidebar: sidebarHidden.toggle()
        case .toggleSort:
            try index.toggleOrder(store: store)
            info = "Sorted " + index.sortDescription + "."
        case .cycleSort:
            try index.setSort(index.query.sort.next, store: store)
            threadsPreferred = threadsPreferred && index.isThreaded
            info = "Sorted " + index.sortDescription + (index.query.sort == .date ? "." : "; threads need date order.")
        case .toggleThreads:
            threadsPreferred = !index.isThreaded
            try index.setThreaded(threadsPreferred, store: store)
            info = index.isThreaded ? "Threads: replies under what they answer; - collapses a thread."
                : search != nil ? "Search results are a flat list." : "Threads off."
        case .toggleThread:
            guard index.isThreaded else {
                info = "Threads are off; V turns them on."
                return
            }
            try index.toggleSelectedThread(store: store)
        default: try performMessageAction(action)
        }
    }

    func performInSidebar(_ action: UIAction) throws {
        switch action {
        case .moveDown: sidebar.move(by: 1)
        case .moveUp: sidebar.move(by: -1)
        case .first: sidebar.move(by: -sidebar.entries.count)
        case .last: sidebar.move(by: sidebar.entries.count)
        case .openFolder:
            if let folder = sidebar.selectedFolder {
                try openFolder(folder)
                focus = .index
            }
        case .focusIndex: focus = .index
        case .toggleSidebar:
            sidebarHidden.toggle()
            if sidebarHidden { focus = .index }
        default: break
        }
    }

    func performInPager(_ action: UIAction) throws {
        let height = bodyHeight
        let lastTop = max((pager?.lines.count ?? 0) - height, 0)
        switch action {
        case .moveDown: pagerTop = min(pagerTop + 1, lastTop)
        case .moveUp: pagerTop = max(pagerTop - 1, 0)
        case .pageDown: pagerTop = min(pagerTop + max(height - 1, 1), lastTop)
        case .pageUp: pagerTop = max(pagerTop - max(height - 1, 1), 0)
        case .halfPageDown: pagerTop = min(pagerTop + max(height / 2, 1), lastTop)
        case .halfPageUp: pagerTop = max(pagerTop - max(height / 2, 1), 0)
        case .first: pagerTop = 0
        case .last: pagerTop = lastTop
        case .nextMessage:
            guard index.selected + 1 < index.total else {
                info = "This is the last message."
                return
            }
            index.select(index.selected + 1, height: height)
            try openSelectedMessage()
        case .previousMessage:
            guard index.selected > 0 else {
                info = "This is the first message."
                return
            }
            index.select(index.selected - 1, height: height)
            try openSelectedMessage()
        case .back:
            mode = .index
            pager = nil
        case .saveAttachment, .openAttachment: askForAttachment(open: action == .openAttachment)
        default: try performMessageAction(action)
        }
    }

    func performInHelp(_ action: UIAction) {
        let height = bodyHeight
        let lastTop = max(helpLines().count - height, 0)
        switch action {
        case .moveDown: helpTop = min(helpTop + 1, lastTop)
        case .moveUp: helpTop = max(helpTop - 1, 0)
        case .pageDown: helpTop = min(helpTop + max(height - 1, 1), lastTop)
        case .pageUp: helpTop = max(helpTop - max(height - 1, 1), 0)
        case .first: helpTop = 0
        case .last: helpTop = lastTop
        case .back: mode = pager == nil ? .index : .pager
        default: break
        }
    }

    func handleMouse(_ event: MouseEvent) {
        let row = event.row - 1
        guard row >= 0, row < bodyHeight else { return }
        do {
            switch (mode, event.action) {
            case (.index, .wheelDown): index.scroll(by: 3, height: bodyHeight)
            case (.index, .wheelUp): index.scroll(by: -3, height: bodyHeight)
            case (.pager, .wheelDown): perform(.moveDown, context: .pager); perform(.moveDown, context: .pager); perform(.moveDown, context: .pager)
            case (.pager, .wheelUp): perform(.moveUp, context: .pager); perform(.moveUp, context: .pager); perform(.moveUp, context: .pager)
            case (.index, .leftClick):
                if event.column < sidebarWidth {
                    let entry = sidebarTop + row
                    guard sidebar.entries.indices.contains(entry), sidebar.entries[entry].isFolder else { return }
                    sidebar.selected = entry
                    try performInSidebar(.openFolder)
                } else {
                    let position = index.top + row
                    guard position < index.total else { return }
                    if position == index.selected {
                        try openSelectedMessage()
                    } else {
                        index.select(position, height: bodyHeight)
                    }
                }
            default: break
            }
        } catch {
            report(error)
        }
    }

    // MARK: Folders, messages, search

    func openFolder(_ folder: FolderSummary) throws {
        currentFolder = folder
        announceOpenFolder()
        sidebar.select(folderId: folder.folderId)
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

    /// Tells the engine which folder is open, once per change: it watches that folder
    /// with IDLE (DESIGN.md "IDLE on the open folder") as well as the `watch` ones.
    func announceOpenFolder() {
        guard let folder = currentFolder, folder.folderId != announcedFolderId else { return }
        announcedFolderId = folder.folderId
        sendCommand(.folderOpened(account: folder.account, folder: folder.name))
    }

    func openSelectedMessage() throws {
        guard let record = try index.record(at: index.selected, store: store), let id = record.id else { return }
        var content = try PagerContent(messageId: id, store: store)
        content.layout(width: screen.size.columns)
        // Left on the server by the body policy: the engine fetches it; the pager follows.
        if content.rendered == nil { sendCommand(.fetchBody(messageId: id)) }
        pager = content
        pagerTop = 0
        mode = .pager
    }

    func runSearch(_ text: String) {
        do {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else {
                try clearSearch()
                return
            }
            let parsed = try SearchQuery(trimmed, folderId: currentFolder?.folderId, timeZone: formatter.timeZone)
            var query = parsed.query
            query.oldestFirst = index.query.oldestFirst
            query.sort = index.query.sort
            var window = IndexWindow(query: query)
            try window.load(from: store)
            index = window
            search = parsed
            info = window.total == 0 ? "No messages match \(DisplaySanitizer.sanitizeLine(trimmed))." : nil
            // Downloaded bodies wait for the index (the engine catches up in the background).
            if let waiting = try? store.pendingSearchBodies(), waiting > 0 {
                info = (info.map { $0 + " " } ?? "") + "The text of \(waiting) new message\(waiting == 1 ? "" : "s") is still being indexed."
            }
            // The server can see bodies this store has not downloaded.
            if let folderId = parsed.query.folderId, !parsed.server.isEmpty {
                sendCommand(.serverSearch(folderId: folderId, search: parsed.server))
            }
        } catch {
            report(error)
        }
    }

    func clearSearch() throws {
        search = nil
        if let currentFolder { try openFolder(currentFolder) }
    }

    /// Errors are shown in words on the bottom line; nothing from them reaches the terminal raw.
    func report(_ error: Error) {
        let text = String(describing: error)
        lastError = DisplaySanitizer.sanitizeLine(text)
    }

    /// The first sidebar entry on screen, keeping the selection visible.
    var sidebarTop: Int {
        let height = max(bodyHeight, 1)
        return max(0, min(sidebar.selected - height + 1, sidebar.entries.count - height))
    }
}
