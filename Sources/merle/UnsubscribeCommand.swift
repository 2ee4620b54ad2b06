import ArgumentParser
import Foundation
import MailMessage
import MailStore
import MerleConfig
import SyncEngine

/// `merle unsubscribe ID [--yes]`: leave the mailing list message ID came from, as its
/// List-Unsubscribe says: an RFC 8058 one-click HTTPS POST, or a message through the
/// outbox (`mailto:`); a web page is printed to be opened. Nothing is done without a
/// yes: `--yes`, or the answer to a question on a terminal.
struct UnsubscribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unsubscribe", abstract: "Leave the mailing list a message came from (List-Unsubscribe), after a yes.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The message's local id (see `merle list`).") var id: Int64
    @Flag(help: "Do it without asking (scripts).") var yes = false

    func run() throws {
        try runReportingFailure {
            let (configuration, store, account) = try global.openForWriting(aboutMessage: id)
            let composer = try configuration.composer(for: account, store: store)
            let method = try composer.unsubscribeMethod(for: id)
            switch method {
            case let .oneClick(uri):
                guard try confirmed("POST a one-click unsubscription to \(TerminalText.oneLine(uri))") else { return }
                let status = try OneClickUnsubscribe().post(to: uri)
                print("Unsubscribed: the list's server answered \(TerminalText.oneLine(status)).")
            case let .mail(mailto):
                let to = mailto.to.map(\.mailbox).joined(separator: ", ")
                guard try confirmed("send an unsubscription message to \(TerminalText.oneLine(to))") else { return }
                let built = try composer.unsubscribeMessage(for: id, mail: mailto)
                let queued = try Composer.enqueue(built, accountId: composer.sender.accountId, store: store, inReplyTo: nil, replacingDraft: nil)
                MissingSMTP.printQueued("Queued the unsubscription as outbox message \(queued.id!) to \(TerminalText.oneLine(to))", account: account)
            case let .web(uri):
                print("This list is left on a web page; open it in a browser: \(TerminalText.oneLine(uri))")
            }
        }
    }

    /// `--yes`, else a question on a terminal; without either nothing is done and the
    /// command fails saying how to go ahead.
    private func confirmed(_ action: String) throws -> Bool {
        if yes { return true }
        guard isatty(STDIN_FILENO) == 1 else {
            throw UnsubscribeError("not confirmed, nothing was done: this would \(action); run again with --yes to do it")
        }
        FileHandle.standardError.write(Data("merle: \(action)? (y/n) ".utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else {
            print("Nothing was done.")
            return false
        }
        return true
    }

    typealias UnsubscribeError = CommandError
}
