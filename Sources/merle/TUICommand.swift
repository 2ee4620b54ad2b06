import ArgumentParser
import Foundation
import MailStore
import MailUI
import MerleConfig
import SyncEngine

/// `merle` with no subcommand (or `merle tui`): the full-screen reader on the configured
/// accounts' store.
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the full-screen mail reader on the configured accounts (the default).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Theme name (default: [general] theme from the config).") var theme: String?
    @Flag(help: "Start working offline: nothing connects until you press O.") var offline = false
    @Option(help: "Open this folder first (NAME, or ACCOUNT/NAME), as mutt -f does.") var folder: String?

    func run() throws {
        try runReportingFailure {
            let path = global.resolvedConfigPath
            guard FileManager.default.fileExists(atPath: path) else {
                throw TUIFailure("no accounts configured; try merle demo (or write \(path))")
            }
            let configuration = try global.loadConfiguration()
            guard !configuration.accounts.isEmpty else {
                throw TUIFailure("no accounts configured; try merle demo")
            }
            let store = try global.openStore(indexingFor: configuration)
            let chosen = try Self.loadTheme(theme ?? configuration.general.theme)
            var options = MailEngine.Options()
            options.startOffline = offline
            let keymap = try Keymap.configured(configuration)
            try MailUIRunner.run(store: store, theme: chosen, keymap: keymap, accounts: configuration.accounts,
                                 general: configuration.general, searches: configuration.searches,
                                 configPath: global.resolvedConfigPath, folder: folder, engineOptions: options)
        }
    }

    /// A theme from the user theme folder, the installed themes (`scripts/install`) or
    /// the built-ins.
    static func loadTheme(_ name: String) throws -> Theme {
        let environment = ProcessInfo.processInfo.environment
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? NSHomeDirectory() + "/.config"
        return try ThemeLibrary(userFolders: [configHome + "/merle/themes"] + InstalledThemes.folders).load(name)
    }
}

/// Why the TUI could not start, in words.
typealias TUIFailure = CommandError
