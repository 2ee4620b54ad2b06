import Foundation
import MailStore
import Terminal

/// The UI loop on a real terminal: draw, wait for a key, handle it, repeat. All curses
/// calls happen here, on the calling thread. The terminal is restored however the loop
/// ends: normally, by an error (thrown after the restore), or by a signal (the
/// `CursesScreen` handlers).
public enum MailUIRunner {
    /// Runs the TUI on `store` until the user quits.
    public static func run(store: MailStore, theme: Theme = .builtInDefault) throws {
        let screen = CursesScreen()
        try screen.start()
        defer { screen.stop() }
        let app = try MailApp(store: store, screen: screen, theme: theme)
        app.onSuspend = { screen.suspend() }
        app.onRepaint = { screen.forceRepaint() }
        app.draw()
        while !app.isFinished {
            // The timeout is where engine events will be drained; nothing here waits on
            // the network.
            guard let key = screen.readKey(timeoutMilliseconds: 500) else { continue }
            app.handle(key)
            if !app.isFinished { app.draw() }
        }
    }
}
