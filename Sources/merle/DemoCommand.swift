import ArgumentParser
import Foundation
import MailStore
import MailUI
import MerleConfig

/// `merle demo`: a local demo mailbox, no server needed.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Open a local demo mailbox (no account or server needed).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "How many demo messages to generate on first run.") var messages: Int = 3000
    @Option(help: "Theme name for the full-screen reader (default: [general] theme of the config when there is one, else default).")
    var theme: String?

    func run() throws {
        try runReportingFailure {
            let directory = (global.resolvedDataDirectory as NSString).appendingPathComponent("demo")
            let store = try MailStore(path: MailStore.defaultPath(dataDirectory: directory))
            let written = try DemoMailbox.seed(store, messageCount: messages)
            // On a terminal, the demo is the full-screen reader; in a pipe (scripts and
            // tests) it prints a summary instead.
            if isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 {
                // A config, when there is one, brings its general settings and keys (its accounts stay out).
                var general = GeneralSettings()
                var keymap = Keymap.standard
                if FileManager.default.fileExists(atPath: global.resolvedConfigPath) {
                    let configuration = try global.loadConfiguration()
                    general = configuration.general
                    keymap = try Keymap.configured(configuration)
                }
                try MailUIRunner.run(store: store, theme: try TUICommand.loadTheme(theme ?? general.theme), keymap: keymap, general: general)
                return
            }
            if written > 0 {
                print("Created a demo mailbox with \(written) messages in \(directory).")
            }
            print("Folders:")
            for folder in try store.folderSummaries() {
                let role = folder.role.map { " [\($0)]" } ?? ""
                print("  \(folder.name.padded(18))\(role.padded(11)) \(String(folder.total).leftPadded(5)) messages, \(String(folder.unread).leftPadded(4)) unread")
            }
            let inbox = try store.folder(named: "INBOX", account: DemoMailbox.accountName)
            print("\nNewest in INBOX:")
            let days = DayFormatter()
            for message in try store.messages(inFolder: inbox.id!, limit: 15) {
                print(ListCommand.textLine(message, days: days))
            }
            print("""

                Explore it with the same commands a real account uses, e.g.:
                  merle --data-dir \(directory) list INBOX --limit 20
                  merle --data-dir \(directory) show ID --raw
                """)
        }
    }
}
