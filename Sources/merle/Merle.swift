import ArgumentParser

/// The `merle` command: the TUI by default, and headless subcommands for scripts.
@main
struct Merle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merle",
        abstract: "A terminal mail reader with an offline IMAP mirror.",
        subcommands: [
            DemoCommand.self, ConfigCommand.self, FoldersCommand.self, ListCommand.self, ShowCommand.self,
            SyncCommand.self, ComposeCommand.self, SendCommand.self, OutboxCommand.self, FlagCommand.self, MoveCommand.self, DeleteCommand.self,
            ArchiveCommand.self, FolderCommand.self, SearchCommand.self, TUICommand.self, TUIBenchmarkCommand.self,
        ],
        defaultSubcommand: TUICommand.self
    )
}
