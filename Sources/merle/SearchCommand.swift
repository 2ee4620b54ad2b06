import ArgumentParser
import Foundation
import MailStore
import SyncEngine
import MailUI

/// `merle search QUERY`: the local search, same language as the reader's `/`, over every
/// folder (or one account's), newest first; printed like `merle list`.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search the local store (from: to: subject: body: is:unread is:flagged has:attachment before: after: in:inbox).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The query, e.g. 'from:ada invoice after:2026-01-01'.") var query: [String]
    @Option(help: "Only this account.", completion: .custom(CompletionNames.accounts)) var account: String?
    @Option(help: "How many messages at most.") var limit: Int = 50
    @Flag(help: "One JSON object per line (as merle list).") var json = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        guard !query.joined().trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("give something to search for") }
    }

    func run() throws {
        try runReportingFailure {
            // A search needs no config; with one, its `search_encrypted` choice holds.
            let store = try global.openStore(indexingFor: try? global.loadConfiguration())
            // Bodies downloaded but not yet indexed are indexed first: a search sees them all.
            let printer = SyncEventPrinter()
            try StoreUpkeep.indexPending(store) { printer.print($0) }
            printer.finish()
            try Self.printMatches(query.joined(separator: " "), store: store, account: account, limit: limit, json: json)
        }
    }

    /// The messages matching `text` in every folder (with `account`, only its), newest
    /// first, at most `limit`, as `merle list` prints them. `merle list --search` shares it.
    static func printMatches(_ text: String, store: MailStore, account: String?, limit: Int, json: Bool) throws {
        let parsed = try SearchQuery(text, folderId: nil)
        // Where each message is, for the JSON lines; with --account, only its folders.
        var folders: [Int64: (name: String, account: String)] = [:]
        for owner in try store.accounts() where account == nil || owner.name == account {
            for folder in try store.mirrorFolders(accountId: owner.id!) { folders[folder.id!] = (folder.name, owner.name) }
        }
        if let account, folders.isEmpty { throw StoreError.notFound("account \"\(account)\"") }
        guard limit > 0 else { return }
        // One pass over the matches, so a narrow account filter still finds `limit` of them.
        var printed = 0
        let days = DayFormatter()
        try store.forEachMessage(parsed.query, rows: account == nil ? limit : .max) { message in
            guard let folder = folders[message.folderId] else { return true }
            if json {
                try JSONLines.write(ListCommand.MessageLine(message, folder: folder.name, account: folder.account))
            } else {
                print(ListCommand.textLine(message, days: days))
            }
            printed += 1
            return printed < limit
        }
    }
}
