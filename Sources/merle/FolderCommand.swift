import ArgumentParser
import Foundation
import MailStore

/// `merle folder create|rename|delete`: folder changes, at once locally and offline
/// too; the server follows on the next sync.
struct FolderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folder", abstract: "Create, rename or delete a folder; works offline.",
        subcommands: [Create.self, Rename.self, Delete.self])

    /// The account a folder command acts on: the one named, else the only one in the store.
    static func accountName(_ option: String?, store: MailStore) throws -> String {
        if let option { return option }
        let accounts = try store.accounts().filter { $0.kind != .local }
        guard accounts.count == 1 else {
            throw ValidationError(accounts.isEmpty ? "no account has been synced yet; run `merle sync` first"
                                                   : "several accounts exist; name one with --account")
        }
        return accounts[0].name
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a folder.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The account (default: the only one).") var account: String?
        @Argument(help: "The new folder's name, e.g. Projects/2027.") var name: String

        func run() throws {
            try runReportingFailure {
                let store = try global.openStore()
                try store.createFolder(account: try FolderCommand.accountName(account, store: store), name: name)
                print("Created \(TerminalText.oneLine(name)); the server follows on the next `merle sync`.")
            }
        }
    }

    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rename a folder.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The account (default: the only one).") var account: String?
        @Argument(help: "The folder's name now.") var old: String
        @Argument(help: "Its new name.") var new: String

        func run() throws {
            try runReportingFailure {
                let store = try global.openStore()
                try store.renameFolder(account: try FolderCommand.accountName(account, store: store), from: old, to: new)
                print("Renamed \(TerminalText.oneLine(old)) to \(TerminalText.oneLine(new)); the server follows on the next `merle sync`.")
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a folder and the messages in it.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The account (default: the only one).") var account: String?
        @Argument(help: "The folder's name.") var name: String

        func run() throws {
            try runReportingFailure {
                let store = try global.openStore()
                try store.deleteFolder(account: try FolderCommand.accountName(account, store: store), name: name)
                print("Deleted \(TerminalText.oneLine(name)); the server follows on the next `merle sync`.")
            }
        }
    }
}
