import ArgumentParser
import Foundation
import MailMessage
import MailStore
import MerleConfig
import SyncEngine

/// `merle bounce ID --to ADDR`: resend a message unchanged to other addresses, with
/// Resent-From, Resent-To, Resent-Date and Resent-Message-ID in front, through the
/// outbox (offline too). The envelope goes to the `--to` addresses only; no copy goes
/// to Sent.
struct BounceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bounce", abstract: "Resend a message unchanged to other addresses (Resent-* headers), through the outbox.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The message's local id (see `merle list`).") var id: Int64
    @Option(help: "Who gets it; repeat or separate with commas.") var to: [String] = []
    @Option(help: "Resent from this address, one of the account's identities (default: the one the message was sent to).")
    var from: String?

    func run() throws {
        try runReportingFailure {
            let recipients = try to.flatMap { value -> [Address] in
                if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) { throw MessageBuildError.lineBreakInHeader(field: "Resent-To") }
                let parsed = AddressParser.parseList(value).addresses
                guard !parsed.isEmpty, parsed.allSatisfy({ $0.mailbox.contains("@") }) else {
                    throw MessageBuildError.invalidAddress(field: "Resent-To", address: value)
                }
                return parsed
            }
            guard !recipients.isEmpty else { throw ValidationError("give who gets it: --to ADDRESS") }
            let (configuration, store, account) = try global.openForWriting(aboutMessage: id)
            var identity: Identity?
            if let from {
                guard let chosen = account.identity(for: from) else {
                    throw SyncEngine.ComposeError.notAnIdentity(from, account: account.name, identities: account.allIdentities.map(\.email))
                }
                identity = chosen
            }
            let composer = try configuration.composer(for: account, store: store)
            let built = try composer.bounce(id, to: recipients, from: identity)
            let queued = try Composer.enqueue(built, accountId: composer.sender.accountId, store: store, inReplyTo: nil, replacingDraft: nil,
                                              filesSentCopy: false)
            let words = "Queued the bounce of message \(id) as outbox message \(queued.id!) to \(built.recipients.count) recipient\(built.recipients.count == 1 ? "" : "s")"
            MissingSMTP.printQueued(words, account: account)
        }
    }

    typealias BounceError = CommandError
}
