import ArgumentParser

/// The `merle` command: the TUI by default, and headless subcommands for scripts.
@main
struct Merle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merle",
        abstract: "A terminal mail reader with an offline IMAP mirror.",
        discussion: """
            Every command takes --config PATH (else $MERLE_CONFIG, else $XDG_CONFIG_HOME/merle/config.toml) \
            and --data-dir PATH (else $MERLE_DATA_DIR, else $XDG_DATA_HOME/merle), before or after the \
            subcommand: `merle --data-dir D list INBOX` and `merle list INBOX --data-dir D` are the same. \
            Without a subcommand merle opens the full-screen reader (`merle tui`). On failure a command \
            exits with status 1 and prints one line saying what failed and what to do.
            """,
        version: MerleVersion.current,
        subcommands: [
            DemoCommand.self, ConfigCommand.self, FoldersCommand.self, ListCommand.self, ShowCommand.self,
            SyncCommand.self, ComposeCommand.self, BounceCommand.self, UnsubscribeCommand.self, InviteCommand.self, SaveCommand.self, SendCommand.self,
            OutboxCommand.self, FlagCommand.self, MoveCommand.self, DeleteCommand.self, ArchiveCommand.self, FolderCommand.self,
            SearchCommand.self, ThreadCommand.self, ContactsCommand.self, AutocryptCommand.self, ImportCommand.self, ExportCommand.self, TUICommand.self,
        ],
        defaultSubcommand: TUICommand.self
    )

    /// Parses the command line with the global options moved behind the subcommand they
    /// were written in front of (`GlobalOptionPlacement`), then runs the command.
    static func main() {
        MemoryPolicy.apply()
        main(GlobalOptionPlacement.arrange(Array(CommandLine.arguments.dropFirst()), root: Merle.self))
    }
}
