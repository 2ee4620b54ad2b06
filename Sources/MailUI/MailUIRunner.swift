import Foundation
import MailStore
import MerleConfig
import SyncEngine
import Terminal

/// The UI loop on a real terminal: draw, wait briefly for a key, handle it and the
/// engine's events, repeat. All curses calls happen here, on the calling thread; the
/// engine works on its own thread and its events are handed over through `EventInbox`.
/// The terminal is restored however the loop ends: normally, by an error (thrown after
/// the restore), or by a signal (the `CursesScreen` handlers).
public enum MailUIRunner {
    /// Runs the TUI on `store` until the user quits, with an engine for `accounts`
    /// (none for the demo: actions then change the local store only).
    public static func run(store: MailStore, theme: Theme = .builtInDefault, keymap: Keymap = .standard, accounts: [AccountConfiguration] = [],
                           markRead: MarkReadPolicy = .onOpen, engineOptions: MailEngine.Options = MailEngine.Options()) throws {
        let inbox = EventInbox()
        let engine = MailEngine(store: store, accounts: accounts, options: engineOptions) { inbox.post($0) }
        let screen = CursesScreen()
        try screen.start()
        defer { screen.stop() }
        let app = try MailApp(store: store, screen: screen, theme: theme, keymap: keymap)
        app.onSuspend = { screen.suspend() }
        app.onRepaint = { screen.forceRepaint() }
        app.sendCommand = { engine.send($0) }
        app.announceOpenFolder()
        app.accounts = accounts
        app.markRead = markRead
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
            let key = screen.readKey(timeoutMilliseconds: 100)
            let events = inbox.drain()
            for event in events { app.handle(event) }
            if let key { app.handle(key) }
            let ticked = app.tick()
            if !app.isFinished, key != nil || !events.isEmpty || ticked { app.draw() }
        }
    }
}

/// Engine events waiting for the UI thread: the engine posts from its thread, the UI
/// loop drains between keys.
public final class EventInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [EngineEvent] = []

    public init() {}

    public func post(_ event: EngineEvent) { lock.withLock { events.append(event) } }

    /// The waiting events, removed.
    public func drain() -> [EngineEvent] {
        lock.withLock {
            defer { events = [] }
            return events
        }
    }

    /// The waiting events, left in place.
    public var pending: [EngineEvent] { lock.withLock { events } }
}
