import ArgumentParser
import Foundation
import MailStore
import MerleConfig
import SyncEngine

/// `merle send [--account A]`: flush the outbox now.
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "send", abstract: "Send the queued messages in the outbox.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this account.") var account: String?

    func run() throws {
        try runReportingFailure {
            let configuration = try global.loadConfiguration()
            let store = try global.openStore()
            let accounts = try configuration.accounts.filter { account == nil || $0.name == account }
                .nonEmpty(orThrow: EngineError.unknownAccount(account ?? ""))
            let sender = OutboxSender(store: store, secrets: passwordCommandSecrets)
            var total = OutboxSender.Summary()
            var failures: [String] = []
            for account in accounts {
                do {
                    let summary = try sender.flush(account: account) { done, count in
                        Progress.show("\(account.name): sent \(done) of \(count)")
                    }
                    Progress.finish()
                    total.sent += summary.sent
                    total.failed += summary.failed
                    total.deferred += summary.deferred
                    total.uncertain += summary.uncertain
                    for problem in summary.problems { print("\(account.name): \(TerminalText.oneLine(problem))") }
                    try JournalSupport.replay(account, store: store)
                } catch {
                    Progress.finish()
                    failures.append("\(account.name): \(error)")
                }
            }
            print("Sent \(total.sent); failed \(total.failed); waiting to retry \(total.deferred); uncertain \(total.uncertain).")
            var problems = failures.isEmpty ? [] : [failures.joined(separator: "; ") + " (the messages stay queued and are retried)"]
            if let undelivered = Self.undelivered(total) { problems.append(undelivered) }
            if !problems.isEmpty { throw SendFailure(text: problems.joined(separator: "; ")) }
        }
    }

    /// Messages the server refused or that may not have arrived: the command failed for
    /// them (exit 1), and the line says where to look.
    static func undelivered(_ summary: OutboxSender.Summary) -> String? {
        var parts: [String] = []
        if summary.failed > 0 {
            parts.append("\(summary.failed) message\(summary.failed == 1 ? "" : "s") not accepted for some or all recipients and kept as failed")
        }
        if summary.uncertain > 0 { parts.append("\(summary.uncertain) perhaps not delivered (the connection dropped after the message was sent) and not resent") }
        guard !parts.isEmpty else { return nil }
        return parts.joined(separator: ", ") + "; `merle outbox` shows why, `merle outbox retry ID` sends one again"
    }

    struct SendFailure: Error, CustomStringConvertible {
        let text: String
        var description: String { text }
    }
}

extension Array {
    /// The array, or `error` when it is empty.
    func nonEmpty(orThrow error: some Error) throws -> Array {
        if isEmpty { throw error }
        return self
    }
}

/// Applies an account's journal (sent copies, flags) after sending or syncing.
enum JournalSupport {
    static func replay(_ account: AccountConfiguration, store: MailStore) throws {
        let summary = try JournalReplayer(store: store, secrets: passwordCommandSecrets).replay(account: account)
        for problem in summary.problems { print("\(account.name): \(TerminalText.oneLine(problem))") }
    }
}

/// A one-line progress display on a terminal; nothing when output goes to a pipe.
enum Progress {
    static let isTerminal = isatty(STDOUT_FILENO) == 1

    static func show(_ text: String) {
        guard isTerminal else { return }
        FileHandle.standardOutput.write(Data("\r\u{1B}[K\(TerminalText.oneLine(text))".utf8))
    }

    static func finish() {
        guard isTerminal else { return }
        FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8))
    }
}
