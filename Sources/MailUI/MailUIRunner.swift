import Foundation
import MailCrypto
import MailMessage
import MailStore
import MerleConfig
import SyncEngine
import Terminal

/// The UI loop on a real terminal: handle every waiting key and engine event, draw,
/// then sleep until the next key, event or tick (it never polls, so an idle reader
/// uses no CPU). All curses calls happen here, on the calling thread; the
/// engine works on its own thread and its events are handed over through `EventInbox`.
/// The terminal is restored however the loop ends: normally, by an error (thrown after
/// the restore), or by a signal (the `CursesScreen` handlers).
public enum MailUIRunner {
    /// Runs the TUI on `store` until the user quits, with an engine for `accounts`
    /// (none for the demo: actions then change the local store only).
    public static func run(store: MailStore, theme: Theme = .builtInDefault, keymap: Keymap = .standard, accounts: [AccountConfiguration] = [],
                           general: GeneralSettings = GeneralSettings(), searches: [SavedSearch] = [], configPath: String? = nil, folder: String? = nil,
                           engineOptions: MailEngine.Options = MailEngine.Options()) throws {
        let inbox = EventInbox()
        let engine = MailEngine(store: store, accounts: accounts, options: engineOptions) { inbox.post($0) }
        // A folder asked for is found before the terminal is taken, so a mistake is a
        // line in the shell.
        var first: FolderSummary?
        if let folder {
            guard let found = MailApp.folder(named: folder, among: try store.folderSummaries(), preferring: nil) else {
                throw MailUIError("there is no folder \"\(folder)\"; `merle folders` lists them")
            }
            first = found
        }
        let screen = CursesScreen()
        try screen.start()
        defer { screen.stop() }
        let app = try MailApp(store: store, screen: screen, theme: theme, keymap: keymap)
        app.onSuspend = { screen.suspend() }
        app.onRepaint = { screen.forceRepaint() }
        app.sendCommand = { engine.send($0) }
        app.announceOpenFolder()
        app.accounts = accounts
        app.defaultSendDelay = general.sendDelay
        app.wake = { inbox.wake() }
        app.savedSearches = searches
        app.configPath = configPath
        app.markRead = general.markRead
        app.quoteStyle = general.quoteStyle
        app.htmlViewer = general.htmlViewer
        app.mailcap = Mailcap.load()
        // The user's own GnuPG ($GNUPGHOME, else ~/.gnupg): signatures are checked and
        // mail decrypted when opened, never stored decrypted.
        // A passphrase is asked with the terminal handed over: a pinentry drawn over the
        // curses screen would garble both.
        nonisolated(unsafe) let handOverScreen = screen
        app.cryptography = MailCryptography(settings: general, terminalHandOver: TerminalHandOver { body in handOverScreen.handingOver(body) })
        app.sealer = MailCryptography(settings: general)
        app.aroundSealing = { body in try handOverScreen.handingOver(body) }
        app.onRunShell = { command in try screen.runExternal(command, arguments: []) }
        if let first {
            try app.openFolder(first)
        }
        let environment = ProcessInfo.processInfo.environment
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/xdg-open") {
            app.onOpenFile = { path in _ = try screen.runExternal("/usr/bin/xdg-open", arguments: [path]) }
        }
        app.onEdit = { path in
            let status = try screen.runExternal(editor, arguments: [path])
            if status != 0 { throw ComposeFailure("the editor (\(editor)) ended with status \(status); the message was kept as it was") }
        }
        engine.start()
        defer { engine.stop(timeout: 3) }
        app.draw()
        while !app.isFinished {
            var changed = false
            // Every key curses has, then every event the engine posted, then the clock.
            while !app.isFinished, let key = screen.readKey(timeoutMilliseconds: 0) {
                engine.noteUserActivity()
                app.handle(key)
                changed = true
            }
            let events = inbox.drain()
            if !events.isEmpty {
                app.handle(events)
                changed = true
            }
            if app.tick() { changed = true }
            guard !app.isFinished else { break }
            if changed {
                app.draw()
                // Idle work; what it changed on screen (a search's total) is drawn at once.
                while app.readAhead() { app.draw() }
            }
            // Nothing to do: sleep until a key, an event or the next tick (no polling).
            let wait = app.nextTick.map { Int(($0.timeIntervalSinceNow * 1000).rounded(.up)) }
            screen.waitForInput(orReadable: inbox.wakeDescriptor, timeoutMilliseconds: wait)
        }
    }
}

/// Engine events waiting for the UI thread: the engine posts from its thread, the UI
/// loop drains them. A pipe wakes the loop: its read end is readable while events wait.
public final class EventInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [EngineEvent] = []
    /// Readable while events wait (the UI loop blocks on it and on the terminal).
    public let wakeDescriptor: Int32
    private let wakeWriter: Int32

    public init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            }
        } else {
            ends = [-1, -1]
        }
        wakeDescriptor = ends[0]
        wakeWriter = ends[1]
    }

    deinit {
        if wakeDescriptor >= 0 { close(wakeDescriptor) }
        if wakeWriter >= 0 { close(wakeWriter) }
    }

    public func post(_ event: EngineEvent) {
        lock.withLock {
            events.append(event)
            // One byte wakes the loop; more would only fill the pipe.
            if events.count == 1, wakeWriter >= 0 {
                var byte: UInt8 = 1
                _ = write(wakeWriter, &byte, 1)
            }
        }
    }

    /// Wakes the loop with no event (work done on another thread is ready).
    public func wake() {
        lock.withLock {
            var byte: UInt8 = 1
            if wakeWriter >= 0 { _ = write(wakeWriter, &byte, 1) }
        }
    }

    /// The waiting events, removed.
    public func drain() -> [EngineEvent] {
        lock.withLock {
            var sink = [UInt8](repeating: 0, count: 64)
            if wakeDescriptor >= 0 { while read(wakeDescriptor, &sink, sink.count) > 0 {} }
            defer { events = [] }
            return events
        }
    }

    /// The waiting events, left in place.
    public var pending: [EngineEvent] { lock.withLock { events } }
}

/// Why the reader could not start, in words.
public struct MailUIError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
