import ArgumentParser
import Foundation
import MailMessage
import MailStore

/// `merle outbox [retry|drop ID]`: see and manage queued, failed and uncertain mail.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "List the outbox, or retry or drop a message in it.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "retry or drop") var action: Action?
    @Argument(help: "The outbox message's id.") var id: Int64?
    @Flag(help: "One JSON object per line.") var json = false

    enum Action: String, ExpressibleByArgument {
        case retry, drop
    }

    func validate() throws {
        if action != nil, id == nil { throw ValidationError("give the id of the outbox message to \(action!.rawValue)") }
        if action == nil, id != nil { throw ValidationError("say what to do with message \(id!): retry or drop") }
    }

    func run() throws {
        try runReportingFailure {
            let store = try global.openStore()
            switch (action, id) {
            case let (.retry?, id?):
                try store.retryOutbox(id: id)
                print("Message \(id) is queued again; `merle send` sends it.")
            case let (.drop?, id?):
                try store.dropOutbox(id: id)
                print("Message \(id) was removed from the outbox.")
            default:
                let accounts = Dictionary(uniqueKeysWithValues: try store.accounts().map { ($0.id!, $0.name) })
                let rows = try store.outbox().filter { $0.state != .sent }
                if rows.isEmpty, !json { print("The outbox is empty.") }
                for row in rows {
                    let line = Line(id: row.id!, account: accounts[row.accountId] ?? "?", state: row.state.rawValue,
                                    recipients: row.recipientList, attempts: row.attempts, nextAttempt: row.nextAttemptAt,
                                    lastError: row.lastError, subject: Self.subject(of: row.raw))
                    if json {
                        try JSONLines.write(line)
                    } else {
                        let error = row.lastError.map { "\n        \(TerminalText.oneLine($0))" } ?? ""
                        print("\(String(line.id).leftPadded(6)) \(line.state.padded(9)) \(TerminalText.oneLine(line.recipients.joined(separator: ", ")).padded(30))  \(TerminalText.oneLine(line.subject))\(error)")
                    }
                }
            }
        }
    }

    /// The decoded Subject, for the listing.
    static func subject(of raw: Data) -> String {
        MessageParser.parse([UInt8](raw)).subject ?? ""
    }

    struct Line: Encodable {
        var id: Int64
        var account: String
        var state: String
        var recipients: [String]
        var attempts: Int
        var nextAttempt: Date?
        var lastError: String?
        var subject: String

        enum CodingKeys: String, CodingKey {
            case id, account, state, recipients, attempts, subject
            case nextAttempt = "next_attempt"
            case lastError = "last_error"
        }
    }
}

