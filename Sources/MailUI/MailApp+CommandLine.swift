import Foundation
import MailMessage
import MailStore

/// The `:` command line: what has no key of its own (folder changes, opening a folder by
/// name) and what some prefer to type. Tab completes command and folder names.
extension MailApp {
    static let commandNames = ["sync", "offline", "online", "folder", "move", "copy", "search", "create-folder",
                               "rename-folder", "delete-folder", "threads", "save-search", "import-setup", "help", "quit"]

    /// Runs one command line, e.g. `move Archive/2026` or `rename-folder Old New`.
    func runCommand(_ line: String) throws {
        let words = line.split(separator: " ", maxSplits: 1).map(String.init)
        guard let name = words.first?.lowercased() else { return }
        let argument = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : ""
        func needArgument(_ what: String) throws -> String {
            guard !argument.isEmpty else { throw ComposeFailure(":\(name) needs \(what)") }
            return argument
        }
        switch name {
        case "sync": sendCommand(.syncNow)
        case "offline": sendCommand(.setOffline(true))
        case "online": sendCommand(.setOffline(false))
        case "folder":
            let wanted = try needArgument("a folder name")
            guard let folder = folder(named: wanted) else { throw ComposeFailure("there is no folder \"\(wanted)\"") }
            try openFolder(folder)
            showIndex()
        case "move", "copy":
            try transfer(to: try needArgument("a folder name"), move: name == "move")
        case "search": runSearch(argument)
        case "create-folder":
            sendCommand(.createFolder(account: try commandAccount(), name: try needArgument("the new folder's name")))
        case "rename-folder":
            let names = try needArgument("the folder's name and its new name").split(separator: " ", maxSplits: 1).map(String.init)
            guard names.count == 2 else { throw ComposeFailure(":rename-folder needs the folder's name and its new name") }
            sendCommand(.renameFolder(account: try commandAccount(), from: names[0], to: names[1]))
        case "delete-folder":
            try askToDeleteFolder(account: try commandAccount(), name: try needArgument("a folder name"))
        case "threads": try indexScreen.perform(.toggleThreads, in: self)
        case "save-search": try saveSearch(named: try needArgument("a name for the search shown"))
        case "import-setup": try askToImportAutocryptSetup()
        case "help": push(HelpScreen())
        case "quit", "q": quit()
        default:
            throw ComposeFailure("\(DisplaySanitizer.sanitizeLine(name)) is not a command; Tab after : lists them")
        }
    }

    /// Deleting a folder removes it and its messages from the server too, with no
    /// undo: the user says yes first, told how many messages go with it.
    func askToDeleteFolder(account: String, name: String) throws {
        guard let folder = folders().first(where: { $0.account == account && $0.name == name }) else {
            throw ComposeFailure("there is no folder \"\(name)\" in \(account)")
        }
        let contents = folder.total == 0 ? "It is empty."
            : "Its \(folder.total) message\(folder.total == 1 ? "" : "s") will be deleted with it, on the server too; this cannot be undone."
        confirm("Delete the folder \(name)? \(contents)", declined: { app in app.info = "The folder \(DisplaySanitizer.sanitizeLine(name)) was kept." }) { app in
            app.sendCommand(.deleteFolder(account: account, name: name))
        }
    }

    /// A folder by name: the open account's first, then `ACCOUNT/NAME`, then the only
    /// folder of that name in any account.
    func folder(named wanted: String) -> FolderSummary? {
        Self.folder(named: wanted, among: folders(), preferring: currentFolder?.account)
    }

    /// The folder `wanted` names among `folders`: of the account `preferring` first, then
    /// `ACCOUNT/NAME`, then the only folder of that name in any account.
    static func folder(named wanted: String, among folders: [FolderSummary], preferring account: String?) -> FolderSummary? {
        func same(_ name: String, _ other: String) -> Bool {
            name == other || (name.uppercased() == "INBOX" && other.uppercased() == "INBOX")
        }
        if let own = folders.first(where: { $0.account == account && same($0.name, wanted) }) { return own }
        if let slash = wanted.firstIndex(of: "/") {
            let (owner, name) = (String(wanted[..<slash]), String(wanted[wanted.index(after: slash)...]))
            if let other = folders.first(where: { $0.account == owner && same($0.name, name) }) { return other }
        }
        let anywhere = folders.filter { same($0.name, wanted) }
        return anywhere.count == 1 ? anywhere[0] : nil
    }

    /// Command names first, then folder names for the commands that take one: the open
    /// account's by name, and for `:folder` every other account's as `ACCOUNT/NAME`.
    func commandCompletion() -> @Sendable (String) -> [String] {
        let current = currentFolder?.account
        let own = folders().filter { $0.account == current }.map(\.name)
        let everywhere = own + folders().filter { $0.account != current }.map { "\($0.account)/\($0.name)" }
        return { typed in
            let parts = typed.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            if parts.count < 2 {
                return Self.commandNames.filter { $0.hasPrefix(typed.lowercased()) }
            }
            guard ["folder", "move", "copy", "rename-folder", "delete-folder"].contains(parts[0]) else { return [] }
            let names = parts[0] == "folder" ? everywhere : own
            return names.filter { $0.lowercased().hasPrefix(parts[1].lowercased()) }.map { parts[0] + " " + $0 }
        }
    }

    /// Folder names of the open folder's account starting with what was typed.
    func folderCompletion() -> @Sendable (String) -> [String] {
        let account = currentFolder?.account
        let names = folders().filter { account == nil || $0.account == account }.map(\.name)
        return { typed in names.filter { $0.lowercased().hasPrefix(typed.lowercased()) } }
    }

    func folders() -> [FolderSummary] {
        folderList.folders
    }

    private func commandAccount() throws -> String {
        if let account = currentFolder?.account { return account }
        throw ComposeFailure("open a folder of the account first")
    }
}
