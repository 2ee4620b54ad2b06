import ArgumentParser
import Foundation
import MailStore
import MerleConfig
import SyncEngine

/// `merle send [--account A]`: send every queued message now, backoff or not. A message
/// scheduled for later (`--send-at`, `s` in the reader) waits for its time, and a held
/// one waits until released: the summary counts them apart, and they are no failure.
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Send every queued message in the outbox now, even one waiting to be retried later.",
        discussion: "Messages scheduled for later (merle compose --send-at) wait for their time, and held ones (merle outbox hold) wait until released; the summary counts them.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this account.", completion: .custom(CompletionNames.accounts)) var account: String?

    func run() throws {
        try runReportingFailure {
            let configuration = try global.loadConfiguration()
            let store = try global.openStore()
            let accounts = try configuration.chosenAccounts(account)
            let sender = OutboxSender(store: store, secrets: passwordCommandSecrets)
            var sent = 0
            var failures: [String] = []
            for account in accounts {
                do {
                    // The user asked: every queued message goes now, whatever its backoff says.
                    let summary = try sender.flush(account: account, ignoringBackoff: true) { done, count in
                        let work = SyncProgress(account: account.name, step: .sending, done: done, total: count)
                        Progress.show(work.text + " " + work.bar(width: 20))
                    }
                    Progress.finish()
                    sent += summary.sent
                    for problem in summary.problems { print("\(account.name): \(TerminalText.oneLine(problem))") }
                    try JournalSupport.replay(account, store: store)
                } catch {
                    Progress.finish()
                    failures.append("\(account.name): \(error)")
                }
            }
            // What is left is read back from the outbox, so the line is true however the run went.
            let names = Set(accounts.map(\.name))
            var left = OutboxCounts()
            for record in try store.accounts() where names.contains(record.name) {
                let counts = try store.outboxCounts(accountId: record.id!)
                left.waiting += counts.waiting
                left.failed += counts.failed
                left.uncertain += counts.uncertain
                left.scheduled += counts.scheduled
                left.held += counts.held
            }
            print("Sent \(sent); failed \(left.failed); waiting to retry \(left.waiting); uncertain \(left.uncertain)."
                  + (left.scheduled + left.held > 0
                     ? " Not sent by choice: \(left.scheduled) scheduled for later (they go at their time), \(left.held) held (`merle outbox release ID`)."
                     : ""))
            var problems = failures.isEmpty ? [] : [failures.joined(separator: "; ") + " (the messages stay queued)"]
            if let unsent = Self.unsent(left) { problems.append(unsent) }
            if !problems.isEmpty { throw SendFailure(text: problems.joined(separator: "; ")) }
        }
    }

    /// What is still in the outbox after `merle send`: the command failed for it (exit 1),
    /// and the line says where to look.
    static func unsent(_ left: OutboxCounts) -> String? {
        func messages(_ count: Int) -> String { "\(count) message\(count == 1 ? "" : "s")" }
        var parts: [String] = []
        if left.waiting > 0 { parts.append("\(messages(left.waiting)) still queued (`merle send` tries again, `merle sync` retries later)") }
        if left.failed > 0 { parts.append("\(messages(left.failed)) not accepted for some or all recipients and kept as failed") }
        if left.uncertain > 0 {
            parts.append("\(messages(left.uncertain)) perhaps not delivered (the connection dropped after the message was sent) and not resent")
        }
        guard !parts.isEmpty else { return nil }
        return parts.joined(separator: ", ") + "; `merle outbox` shows why, `merle outbox retry ID` sends one again"
    }

    /// Messages one run found refused or perhaps not delivered (`merle sync`), in the same words.
    static func undelivered(_ summary: OutboxSender.Summary) -> String? {
        unsent(OutboxCounts(failed: summary.failed, uncertain: summary.uncertain))
    }

    struct SendFailure: Error, CustomStringConvertible {
        let text: String
        var description: String { text }
    }
}

extension MerleConfiguration {
    /// The account named by `--account`, or every account when none is named; an
    /// unknown name is an error that says where the names are listed.
    func chosenAccounts(_ name: String?) throws -> [AccountConfiguration] {
        let chosen = accounts.filter { name == nil || $0.name == name }
        if chosen.isEmpty { throw EngineError.unknownAccount(name ?? "") }
        return chosen
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
