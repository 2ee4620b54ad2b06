import ArgumentParser
import Foundation
import MailStore
import MerleConfig
import SyncEngine

/// `merle sync [--account A] [--folder F] [--watch]`: headless sync of every account —
/// IMAP mirror or POP3 download, then the outbox — through the same engine the reader
/// runs; `--watch` then keeps that engine running, watching folders with IDLE.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sync", abstract: "Download new mail and send the outbox.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this account.", completion: .custom(CompletionNames.accounts)) var account: String?
    @Option(help: "Only this folder (IMAP accounts).", completion: .custom(CompletionNames.folders)) var folder: String?
    @Flag(help: "Then keep watching the account's `watch` folders (default INBOX) or the --folder with IMAP IDLE, and sync new mail as it comes; Ctrl-C ends.") var watch = false

    func run() throws {
        try runReportingFailure {
            let configuration = try global.loadConfiguration()
            let store = try global.openStore(indexingFor: configuration)
            let accounts = try configuration.chosenAccounts(account)
            let printer = SyncEventPrinter()
            let engine = MailEngine(store: store, accounts: accounts) { printer.print($0) }
            var failures: [String] = []
            for (account, outcome) in engine.syncOnce(accounts, folder: folder) {
                printer.finish()
                failures += report(account, outcome)
            }
            do {
                try StoreUpkeep.afterSync(store, indexing: .now) { printer.print($0) }
            } catch {
                failures.append("tidying the store: \(StoreError.explain(error))")
            }
            printer.finish()
            if watch { try watchUntilInterrupted(store: store, accounts: accounts) }
            if !failures.isEmpty {
                throw SendCommand.SendFailure(text: failures.joined(separator: "; "))
            }
        }
    }

    /// The lines of one account's sync, and what counts as failed (exit 1).
    private func report(_ account: AccountConfiguration, _ outcome: AccountSync.Outcome) -> [String] {
        var failures: [String] = []
        if let error = outcome.incoming {
            let words = StoreError.explain(error)
            print("\(account.name): FAILED: \(TerminalText.oneLine(words))")
            failures.append("\(account.name): \(words)")
        } else if case .imap = account.incoming {
            print("\(account.name): \(outcome.foldersInStep) folder\(outcome.foldersInStep == 1 ? "" : "s") in step, \(outcome.newMessages) new message\(outcome.newMessages == 1 ? "" : "s")")
            if !outcome.refusedFolders.isEmpty {
                failures.append("\(account.name): \(IMAPSyncError.foldersRefused(outcome.refusedFolders).description)")
            }
        }
        if let error = outcome.sending {
            failures.append("\(account.name) (sending): \(StoreError.explain(error))")
        } else if let sent = outcome.sent, let undelivered = SendCommand.undelivered(sent) {
            failures.append("\(account.name): \(undelivered)")
        }
        return failures
    }

    /// `--watch`: the engine watches the account's folders (or `--folder`) with IDLE,
    /// syncing a folder as mail arrives and reconnecting after faults, until Ctrl-C.
    private func watchUntilInterrupted(store: MailStore, accounts: [AccountConfiguration]) throws {
        let imap = accounts.filter { if case .imap = $0.incoming { return true } else { return false } }
        let watched = imap.filter { folder != nil || !$0.watchFolders.isEmpty }
        for account in imap where !watched.contains(where: { $0.name == account.name }) {
            print("\(account.name): nothing to watch (watch = [] in the config); synced once")
        }
        guard !watched.isEmpty else { return }
        var options = MailEngine.Options()
        options.watchOnly = folder.map { [$0] }
        let printer = SyncEventPrinter(quietWhenNothingChanged: true)
        let engine = MailEngine(store: store, accounts: watched, options: options) { printer.print($0) }
        engine.start()
        // Ctrl-C and kill end the process; the server sees the connections close.
        while true { Thread.sleep(forTimeInterval: 3600) }
    }
}
