import ArgumentParser
import Foundation
import MailMessage
import MailStore
import MerleConfig
import SyncEngine

/// `merle invite ID accept|tentative|decline`: answer the calendar invitation in message
/// ID with an iTIP REPLY (RFC 5546) to its organizer, queued in the outbox as the
/// reader's `A`, `T` and `D` queue it.
struct InviteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite", abstract: "Answer a calendar invitation: an iTIP REPLY to its organizer, through the outbox.",
        discussion: "`merle show ID --text` shows the invitation's summary; its .ics is a part that `merle show ID --part N` writes out.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The invitation's local id (see `merle list`).") var id: Int64
    @Argument(help: "accept, tentative or decline.") var answer: InvitationReply.Answer

    func run() throws {
        try runReportingFailure {
            let (configuration, store, account) = try global.openForWriting(aboutMessage: id)
            let composer = try configuration.composer(for: account, store: store)
            let built = try composer.invitationReply(to: id, answer: answer)
            let queued = try Composer.enqueue(built, accountId: composer.sender.accountId, store: store, inReplyTo: id, replacingDraft: nil)
            let to = TerminalText.oneLine(built.recipients.joined(separator: ", "))
            let word = answer.status.rawValue.lowercased()
            MissingSMTP.printQueued("Queued the answer (\(word)) to \(to) as outbox message \(queued.id!)", account: account)
        }
    }

    typealias InviteError = CommandError
}

extension InvitationReply.Answer: ExpressibleByArgument {}
