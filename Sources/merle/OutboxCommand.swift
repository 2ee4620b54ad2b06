import ArgumentParser
import Foundation
import MailMessage
import MailStore
import SyncEngine

/// `merle outbox [retry|drop|hold|release ID]`: see and manage queued, failed and
/// uncertain mail, and mail scheduled for later or held. The listing says when each
/// message is due (`now`, a send time, or held).
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "List the outbox, or retry, drop, hold or release a message in it.",
        discussion: "A held message is never sent until released; a message scheduled for later (merle compose --send-at) goes at its time.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "retry, drop, hold or release") var action: Action?
    @Argument(help: "The outbox message's id.") var id: Int64?
    @Flag(help: "One JSON object per line.") var json = false

    enum Action: String, ExpressibleByArgument {
        case retry, drop, hold, release
    }

    func validate() throws {
        if action != nil, id == nil { throw ValidationError("give the id of the outbox message to \(action!.rawValue)") }
        if action == nil, id != nil { throw ValidationError("say what to do with message \(id!): retry, drop, hold or release") }
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
            case let (.hold?, id?):
                try store.setOutboxHeld(id: id, true)
                print("Message \(id) is held: it is not sent until `merle outbox release \(id)`.")
            case let (.release?, id?):
                try store.setOutboxHeld(id: id, false)
                let record = try store.outboxItem(id: id)
                if let after = record.sendAfter, after > Date() {
                    print("Message \(id) is released; it goes at \(OutboxTime.text(after)).")
                } else {
                    print("Message \(id) is released; the next send (`merle send`, a sync, the reader) sends it.")
                }
            default:
                let accounts = Dictionary(uniqueKeysWithValues: try store.accounts().map { ($0.id!, $0.name) })
                let rows = try store.outbox().filter { $0.state != .sent }
                if rows.isEmpty, !json { print("The outbox is empty.") }
                for row in rows {
                    let line = Line(id: row.id!, account: accounts[row.accountId] ?? "?", state: row.state.rawValue,
                                    recipients: row.recipientList, attempts: row.attempts, nextAttempt: row.nextAttemptAt,
                                    lastError: row.lastError, subject: Self.subject(of: row.raw),
                                    sendAt: row.sendAfter, held: row.held)
                    if json {
                        try JSONLines.write(line)
                    } else {
                        let error = row.lastError.map { "\n        \(TerminalText.oneLine($0))" } ?? ""
                        let due = row.held ? "  (held)" : row.sendAfter.map { "  (due \(OutboxTime.text($0)))" } ?? ""
                        print("\(String(line.id).leftPadded(6)) \(line.state.padded(9)) \(TerminalText.oneLine(line.recipients.joined(separator: ", ")).padded(30))  \(TerminalText.oneLine(line.subject))\(due)\(error)")
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
        /// Not sent before this time (nil: as soon as it can be).
        var sendAt: Date?
        /// Never sent until released.
        var held: Bool

        enum CodingKeys: String, CodingKey {
            case id, account, state, recipients, attempts, subject, held
            case sendAt = "send_at"
            case nextAttempt = "next_attempt"
            case lastError = "last_error"
        }
    }
}

