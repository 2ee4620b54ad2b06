import ArgumentParser
import MailStore

/// `merle folders`: folders with role, total and unread counts, from the local store.
struct FoldersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "folders", abstract: "List folders with their counts.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this account.", completion: .custom(CompletionNames.accounts)) var account: String?
    @Flag(help: "One JSON object per line.") var json = false

    func run() throws {
        try runReportingFailure {
            let store = try global.openStore()
            let folders = try store.folderSummaries(account: account)
            if folders.isEmpty, !json {
                print("No folders yet: run `merle sync` after configuring an account, or try `merle demo`.")
            }
            for folder in folders {
                if json {
                    try JSONLines.write(FolderLine(account: folder.account, name: folder.name, role: folder.role,
                                                   total: folder.total, unread: folder.unread))
                } else {
                    let role = folder.role.map { " [\($0)]" } ?? ""
                    print("\(TerminalText.oneLine(folder.account))  \(TerminalText.oneLine(folder.name))\(role)  \(folder.total) messages, \(folder.unread) unread")
                }
            }
        }
    }

    struct FolderLine: Encodable {
        var account: String
        var name: String
        var role: String?
        var total: Int
        var unread: Int
    }
}
