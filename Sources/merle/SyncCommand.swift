import ArgumentParser
import Foundation
import MailStore
import MerleConfig
import SyncEngine

/// `merle sync [--account A] [--folder F] [--watch]`: headless sync of every account —
/// POP3 download or IMAP mirror — then the outbox.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sync", abstract: "Download new mail and send the outbox.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this account.") var account: String?
    @Option(help: "Only this folder (IMAP accounts).") var folder: String?
    @Flag(help: "Then keep watching the account's `watch` folders (default INBOX) or the --folder with IMAP IDLE, and sync new mail as it comes; Ctrl-C ends.") var watch = false

    func run() throws {
        try runReportingFailure {
            let configuration = try global.loadConfiguration()
            let store = try global.openStore()
            let accounts = try configuration.accounts.filter { account == nil || $0.name == account }
                .nonEmpty(orThrow: EngineError.unknownAccount(account ?? ""))
            var failures: [String] = []
            for account in accounts {
                do {
                    try sync(account, store: store)
                } catch {
                    Progress.finish()
                    failures.append("\(account.name): \(StoreError.explain(error))")
                    print("\(account.name): FAILED: \(TerminalText.oneLine(StoreError.explain(error)))")
                }
                do {
                    let sent = try OutboxSender(store: store, secrets: passwordCommandSecrets).flush(account: account) { done, total in
                        Progress.show("\(account.name): sending \(done) of \(total)")
                    }
                    Progress.finish()
                    if sent.sent + sent.failed + sent.uncertain > 0 {
                        print("\(account.name): sent \(sent.sent), failed \(sent.failed), uncertain \(sent.uncertain)")
                    }
                    if let undelivered = SendCommand.undelivered(sent) { failures.append("\(account.name): \(undelivered)") }
                    try JournalSupport.replay(account, store: store)
                } catch EngineError.noSMTPServer {
                    // Nothing can be sent without SMTP; `merle outbox` shows what waits.
                } catch {
                    Progress.finish()
                    failures.append("\(account.name) (sending): \(error)")
                }
            }
            try StoreUpkeep.afterSync(store)
            if watch { IMAPSyncCommandSupport.waitForWatchers() }
            if !failures.isEmpty {
                throw SendCommand.SendFailure(text: failures.joined(separator: "; "))
            }
        }
    }

    private func sync(_ account: AccountConfiguration, store: MailStore) throws {
        switch account.incoming {
        case .pop3:
            let summary = try POP3Downloader(store: store, secrets: passwordCommandSecrets).download(account: account) { done, total in
                Progress.show("\(account.name): downloading \(done) of \(total)")
            }
            Progress.finish()
            for warning in summary.warnings { print("\(account.name): warning: \(TerminalText.oneLine(warning))") }
            print("\(account.name): \(summary.downloaded) new message\(summary.downloaded == 1 ? "" : "s")"
                  + (summary.deletedOnServer > 0 ? ", \(summary.deletedOnServer) deleted on the server" : ""))
        case .imap:
            try IMAPSyncCommandSupport.sync(account, store: store, folder: folder, watch: watch)
        }
    }
}
