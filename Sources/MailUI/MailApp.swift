import Foundation
import MailMessage
import MailStore
import MerleConfig
import SyncEngine
import Terminal

/// The reader: a stack of screens (`AppScreen`: the index at the bottom, then the
/// folder list, the pager, help, prompts and questions as they open) and what they
/// share: the store to read, the engine to send commands to, the status line, tags
/// and undo. The UI loop (`MailUIRunner`) feeds it keys and engine events and asks it
/// to draw; tests do the same with a `TextGridScreen`.
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

    /// The index of the open folder, always at the bottom of `screens`.
    let indexScreen = IndexScreen()
    /// The folder list beside the index; on the stack while it has the keys.
    let folderList: FolderListScreen
    /// The screens shown, bottom to top; the top one has the keys.
    private(set) var screens: [any AppScreen] = []

    /// The last error, in words, shown on the bottom line until the next key.
    public internal(set) var lastError: String?
    /// A note for the bottom line (what an action did), until the next key.
    public internal(set) var info: String?
    /// Work in progress reported by the engine, shown until the next event.
    var progress: String?
    public internal(set) var isFinished = false

    /// Where commands go: the engine, which applies them (the UI never writes the store).
    /// A new receiver has not been told the open folder yet (`announceOpenFolder`).
    public var sendCommand: (EngineCommand) -> Void = { _ in } {
        didSet { announcedFolderId = nil }
    }
    /// The folder the engine was last told is open (it watches that one with IDLE).
    var announcedFolderId: Int64?
    /// The engine's connection state per account, for the status line.
    public internal(set) var connections: [String: ConnectionState] = [:]
    /// The configured accounts: senders for new messages.
    public var accounts: [AccountConfiguration] = [] {
        didSet {
            let configured = MerleConfiguration(accounts: accounts).ownAddresses
            ownAddresses = OwnAddresses(addresses: Array(ownAddresses.addresses) + Array(configured.addresses), patterns: configured.patterns)
        }
    }
    /// Runs the user's editor on a file and returns when it exits (the runner hands
    /// the terminal over); nil where no editor can run.
    public var onEdit: ((String) throws -> Void)?
    /// Tagged messages: while any are, actions apply to all of them.
    public internal(set) var tagged: Set<Int64> = []
    /// The commands that undo the last action, when it can be undone.
    var undoCommands: [EngineCommand] = []
    /// Why the last action cannot be undone, when it cannot (said by `u`).
    var undoUnavailable: String?
    /// Messages waiting in the outbox, for the status line.
    var outboxCount = 0
    /// The message last sent with `y`, while its `send_delay` lets `u` take it back.
    var pendingSend: PendingSend?
    /// `[general]`'s `send_delay`, for an account the config does not name (the demo's).
    public var defaultSendDelay = 0
    /// The saved searches (`[[search]]`), listed in the sidebar above the accounts.
    public var savedSearches: [SavedSearch] = [] {
        didSet {
            // Counted whole: the list itself changed (the config was read). In the reader's
            // loop (`wake` set) those counted over their matches are counted on another
            // thread, on the first tick, so the first screen does not wait for them.
            savedSearchRecountDue = nil
            guard !savedSearches.isEmpty || !folderList.sidebar.searches.isEmpty
                    || Set(folderList.folders.map(\.account)).count > 1 else { return }
            guard wake != nil else {
                folderList.sidebar.update(searches: savedSearchSummaries())
                return
            }
            folderList.sidebar.update(searches: savedSearchSummaries(deferring: true, newOnesUncounted: true))
            if folderList.sidebar.searches.contains(where: { !$0.counted }) { savedSearchRecountDue = Date() }
        }
    }
    /// When the saved searches counted over their matches are next counted again
    /// (`recountSavedSearches`); nil while their counts are current.
    var savedSearchRecountDue: Date?
    /// Whether they are being counted on another thread now.
    var savedSearchCountRunning = false
    /// Their counts made on another thread, waiting for `tick`.
    let countedInBackground = Handoff<[SavedSearchSummary]>()
    /// Wakes the UI loop from another thread (the runner's inbox). When set, saved
    /// searches and a search's total are counted off the UI thread; nil counts them on
    /// it (tests, the benchmark).
    public var wake: (@Sendable () -> Void)?
    /// A search's total counted on another thread, with the load of the index it is of.
    let indexCount = Handoff<(UUID, Int?)>()
    /// The load of the index being counted on another thread, if any.
    var indexCountRunning: UUID?
    /// The saved search the index shows, when one is open instead of a folder.
    var openSavedSearchName: String?
    /// The config file, where `:save-search` adds a `[[search]]`; nil: none (the demo).
    public var configPath: String?
    /// When opening a message marks it read (`[general] mark_read`).
    public var markRead: MarkReadPolicy = .onOpen
    /// Where a reply's text goes (`[general] quote_style`).
    public var quoteStyle: QuoteStyle = .bottom
    /// A message shown in the pager that becomes read at a time (`mark_read = "after:N"`).
    var markReadDue: (id: Int64, at: Date)?
    /// The second the retry countdown was last drawn for.
    var countdownSecond = 0
    /// Opens a saved file with the desktop's handler (`xdg-open`); nil where none can run.
    public var onOpenFile: ((String) throws -> Void)?
    /// Runs a shell command line with the terminal handed over (a mailcap viewer) and
    /// returns its exit status; nil where none can run.
    public var onRunShell: ((String) throws -> Int32)?
    /// The user's mailcap entries (`Mailcap.load()`), for viewing parts.
    public var mailcap = Mailcap()
    /// How HTML is read (`[general] html_viewer`; an account's own wins for its mail).
    public var htmlViewer: HTMLViewer = .builtIn
    /// Every header field in the pager instead of the usual ones.
    public internal(set) var showsAllHeaders = false
    /// Checks signatures and decrypts when a message is opened (MailCrypto's
    /// `MailCryptography`); nil shows signed and encrypted parts unchecked.
    public var cryptography: (any MessageCryptography)?
    /// Signs and encrypts what the compose screen sends (MailCrypto's `MailCryptography`);
    /// nil refuses to send a message that is to be signed or encrypted.
    public var sealer: (any MessageSealing)?
    /// Runs signing and encryption with the terminal handed over, so that gpg-agent's
    /// pinentry can ask for a passphrase; nil runs them as they are.
    public var aroundSealing: ((() throws -> ComposeSecurity.Built) throws -> ComposeSecurity.Built)?
    /// Called for Ctrl-Z; the runner suspends the real terminal.
    public var onSuspend: (() -> Void)?
    /// Called for Ctrl-L; the runner forces a full repaint of the real terminal.
    public var onRepaint: (() -> Void)?

    /// The user's own addresses (every identity, the alternates): mail from them shows its recipient.
    var ownAddresses = OwnAddresses()
    /// Address completion's lookups (the store and `address_book_command`), remembered
    /// while the reader runs.
    lazy var addressBook = AddressBook(store: store)

    public init(store: MailStore, screen: any Screen, theme: Theme = .builtInDefault, keymap: Keymap = .standard,
                timeZone: TimeZone = .current, today: Date = Date()) throws {
        self.store = store
        self.screen = screen
        self.theme = theme
        self.keymap = keymap
        formatter = IndexRowFormatter(timeZone: timeZone, today: today)
        ownAddresses = OwnAddresses(addresses: try store.accounts().map(\.email))
        folderList = FolderListScreen(folders: try store.folderSummaries())
        screens = [indexScreen]
        if let first = folderList.sidebar.selectedFolder {
            try openFolder(first)
        }
    }

    // MARK: Screens

    /// The screen that has the keys.
    var top: any AppScreen { screens[screens.count - 1] }

    /// The topmost screen that draws the main area (prompts sit over it).
    var mainScreen: any AppScreen { screens.last { $0.coversMainArea } ?? indexScreen }

    /// Opens a screen on top.
    func push(_ screen: any AppScreen) {
        screens.append(screen)
    }

    /// Closes `screen` and every screen above it; the index never closes.
    func pop(_ screen: any AppScreen) {
        guard let position = screens.lastIndex(where: { $0 === screen }), position > 0 else { return }
        screens.removeSubrange(position...)
    }

    /// Closes every screen above the index.
    func showIndex() {
        screens = [indexScreen]
    }

    /// Asks for a line of text on the bottom line; `accepted` gets it after Enter.
    func ask(_ editor: LineEditor, accepted: @escaping (MailApp, String) throws -> Void) {
        push(PromptScreen(editor, accepted: accepted))
    }

    /// Asks a yes-or-no question first; `confirmed` runs only after `y`.
    func confirm(_ question: String, declined: @escaping (MailApp) -> Void = { _ in }, confirmed: @escaping (MailApp) throws -> Void) {
        push(ConfirmationScreen(DisplaySanitizer.sanitizeLine(question), declined: declined, confirmed: confirmed))
    }

    // MARK: What tests and the status line read

    /// Which screen fills the main area.
    public var mode: UIMode {
        switch mainScreen.kind {
        case .pager, .text, .attachments: return .pager
        case .help: return .help
        default: return .index
        }
    }

    /// Which of the index's two panes has the keys.
    public var focus: KeyContext { mainScreen === folderList ? .sidebar : .index }

    public var index: IndexWindow {
        get { indexScreen.index }
        set { indexScreen.index = newValue }
    }

    public var sidebar: SidebarModel { folderList.sidebar }
    public var currentFolder: FolderSummary? { indexScreen.currentFolder }
    public var search: SearchQuery? { indexScreen.search }

    /// The message shown in the pager, when one is.
    public var pager: PagerContent? { pagerScreen?.content }

    var pagerScreen: PagerScreen? { screens.last { $0 is PagerScreen } as? PagerScreen }

    /// The text shown on a text screen (a command's output, an address to copy), when one is on top.
    public var shownText: (title: String, lines: [String])? {
        (mainScreen as? TextScreen).map { ($0.title, $0.text) }
    }

    /// The line being typed at the bottom, when a prompt is open.
    public var prompt: LineEditor? { (top as? PromptScreen)?.editor }

    /// The message waiting for the user's choice (send, save, edit, discard).
    public var pendingCompose: PendingCompose? { (screens.last { $0 is ComposeScreen } as? ComposeScreen)?.pending }

    // MARK: Layout

    /// Rows between the title bar and the status line.
    var bodyHeight: Int { max(screen.size.rows - 3, 0) }

    /// The sidebar's width, or 0 when it is hidden (narrow screens show it only on demand).
    var sidebarWidth: Int {
        let columns = screen.size.columns
        if focus == .sidebar && columns < 60 { return columns }
        if folderList.hidden || columns < 60 { return 0 }
        return min(28, max(16, columns / 5))
    }

    /// Where the index starts (after the sidebar and its separator).
    var indexColumn: Int { sidebarWidth == 0 ? 0 : sidebarWidth + 1 }

    var indexWidth: Int { max(screen.size.columns - indexColumn, 0) }

    // MARK: Keys

    /// Handles one key (or resize or mouse event): the screen on top gets it.
    public func handle(_ key: Key) {
        lastError = nil
        let top = top
        do {
            guard let context = top.keyContext else {
                // Prompts and questions read every key; a prompt keeps the last note.
                if top.kind != .prompt { info = nil }
                try top.handle(key, in: self)
                return
            }
            info = nil
            if case .mouse(let event) = key {
                handleMouse(event)
                return
            }
            if let macro = keymap.macro(for: key, in: context) {
                try run(macro)
                return
            }
            guard let action = keymap.action(for: key, in: context) else {
                if key != .resize { info = "\(key) is not bound here; press ? for help" }
                return
            }
            try perform(action, on: top)
        } catch {
            report(error)
        }
    }

    /// The actions every screen shares, then the screen's own.
    func perform(_ action: UIAction, on screen: any AppScreen) throws {
        switch action {
        case .redraw: onRepaint?()
        case .suspend: onSuspend?()
        case .help where screen.kind != .help: push(HelpScreen())
        default: try screen.perform(action, in: self)
        }
    }

    func handleMouse(_ event: MouseEvent) {
        let row = event.row - 1
        guard row >= 0, row < bodyHeight else { return }
        do {
            switch (mainScreen.kind, event.action) {
            case (.index, .wheelDown), (.folderList, .wheelDown): index.scroll(by: 3, height: bodyHeight)
            case (.index, .wheelUp), (.folderList, .wheelUp): index.scroll(by: -3, height: bodyHeight)
            case (.pager, .wheelDown): for _ in 0..<3 { try perform(.moveDown, on: mainScreen) }
            case (.pager, .wheelUp): for _ in 0..<3 { try perform(.moveUp, on: mainScreen) }
            case (.index, .leftClick), (.folderList, .leftClick):
                if event.column < sidebarWidth {
                    let entry = sidebarTop + row
                    guard folderList.sidebar.entries.indices.contains(entry), folderList.sidebar.entries[entry].isFolder else { return }
                    folderList.sidebar.selected = entry
                    try folderList.perform(.openFolder, in: self)
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
        try indexScreen.open(folder, store: store)
        openSavedSearchName = nil
        announceOpenFolder()
        folderList.sidebar.select(folderId: folder.folderId)
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
        var content = try PagerContent(messageId: id, store: store, renderer: renderer(forFolder: record.folderId))
        content.layout(width: screen.size.columns)
        // Left on the server by the body policy: the engine fetches it; the pager follows.
        if content.rendered == nil { sendCommand(.fetchBody(messageId: id)) }
        if let shown = pagerScreen { pop(shown) }
        push(PagerScreen(content: content))
        indexEncryptedBodiesAfterOpening(content, folderId: record.folderId)
        markReadDue = nil
        guard !record.has(.seen) else { return }
        switch markRead {
        case .onOpen: sendCommand(.setFlags(ids: [id], add: [SystemFlag.seen.rawValue], remove: []))
        case let .after(seconds): markReadDue = (id, Date().addingTimeInterval(seconds))
        case .never: break
        }
    }

    /// An encrypted message that just decrypted, in an account that searches encrypted
    /// bodies: its passphrase is with the agent now, so the bodies that could not be
    /// decrypted for the index before are tried again.
    func indexEncryptedBodiesAfterOpening(_ content: PagerContent, folderId: Int64) {
        guard content.rendered?.security.contains(where: { $0.encrypted && $0.decrypted }) == true else { return }
        let account = folderList.folders.first { $0.folderId == folderId }?.account
        guard accounts.contains(where: { $0.name == account && $0.searchEncrypted }) else { return }
        sendCommand(.indexEncryptedBodies)
    }

    /// Time passing: a message still shown when its `mark_read` delay is over becomes
    /// read; saved searches whose recount was put off are counted; counts made on another
    /// thread are shown. Returns whether anything changed. The UI loop calls it between
    /// keys.
    @discardableResult
    public func tick(now: Date = Date()) -> Bool {
        // A countdown on the status line moves every second.
        var counting = false
        if countdownTick != nil, Int(now.timeIntervalSinceReferenceDate) != countdownSecond {
            countdownSecond = Int(now.timeIntervalSinceReferenceDate)
            counting = true
        }
        // The undo delay is over: the engine sends it; nothing is left to take back.
        if let waiting = pendingSend, waiting.due <= now {
            pendingSend = nil
            counting = true
        }
        if recountSavedSearchesIfDue(now: now) { counting = true }
        // A search's total counted on another thread: the status line has it now.
        if let (load, total) = indexCount.take() {
            if indexCountRunning == load { indexCountRunning = nil }
            // Not counted (an error): a move past the rows known counts it and says why.
            if let total, index.fill(count: total, of: load) { counting = true }
        }
        guard let due = markReadDue, now >= due.at else { return counting }
        markReadDue = nil
        guard pagerScreen?.content.messageId == due.id else { return false }
        sendCommand(.setFlags(ids: [due.id], add: [SystemFlag.seen.rawValue], remove: []))
        return true
    }

    /// Work done while the reader waits for a key, after the screen is drawn: a search
    /// shown before it was counted is counted, on another thread when the loop can be
    /// woken (`wake`; `tick` then fills the total in), else here (true: draw again, the
    /// status line has its total); once counted, the end of the index is read ahead.
    @discardableResult
    public func readAhead() -> Bool {
        do {
            if !index.isCounted {
                // In the reader's loop, counted on another thread; `tick` fills it in.
                guard let wake else {
                    try index.count(store: store)
                    return true
                }
                guard indexCountRunning != index.loadID else { return false }
                let (load, query, store, box) = (index.loadID, index.query, store, indexCount)
                indexCountRunning = load
                DispatchQueue.global(qos: .userInitiated).async {
                    box.put((load, try? store.messageCount(query)))
                    wake()
                }
                return false
            }
            guard mode == .index else { return false }
            try index.readEndAhead(store: store)
        } catch {
            report(error)
        }
        return false
    }

    /// When `tick` has something to do next, if ever (the UI loop wakes for it): a
    /// message to mark read, a countdown to move, saved searches to count again.
    public var nextTick: Date? { [markReadDue?.at, countdownTick, savedSearchRecountDue].compactMap { $0 }.min() }

    func runSearch(_ text: String) {
        do {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else {
                try clearSearch()
                return
            }
            let parsed = try SearchQuery(trimmed, folderId: currentFolder?.folderId, timeZone: formatter.timeZone)
            openSavedSearchName = nil
            let window = try show(parsed)
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
        indexScreen.search = nil
        openSavedSearchName = nil
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
        let sidebar = folderList.sidebar
        return max(0, min(sidebar.selected - height + 1, sidebar.entries.count - height))
    }
}
