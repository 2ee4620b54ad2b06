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
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a folder.")
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
        static let configuration = CommandConfiguration(commandName: "rename", abstract: "Rename a folder.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The account (default: the only one).") var account: String?
        @Argument(help: "The folder's name now.", completion: .custom(CompletionNames.folders)) var old: String
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
        static let configuration = CommandConfiguration(
            commandName: "delete", abstract: "Delete a folder; one that holds messages only with --force, which deletes them too.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The account (default: the only one).") var account: String?
        @Flag(help: "Delete the folder even when it holds messages; they are deleted with it.") var force = false
        @Argument(help: "The folder's name.", completion: .custom(CompletionNames.folders)) var name: String

        func run() throws {
            try runReportingFailure {
                let store = try global.openStore()
                let owner = try FolderCommand.accountName(account, store: store)
                if !force, let folder = try store.folderSummaries(account: owner).first(where: { $0.name == name }), folder.total > 0 {
                    throw ValidationError("folder \(TerminalText.oneLine(name)) holds \(folder.total) message\(folder.total == 1 ? "" : "s"), "
                                          + "which would be deleted with it; move them out first (`merle move`), "
                                          + "or run `merle folder delete --force \(TerminalText.oneLine(name))` to delete them too")
                }
                try store.deleteFolder(account: owner, name: name)
                print("Deleted \(TerminalText.oneLine(name)); the server follows on the next `merle sync`.")
            }
        }
    }
}
