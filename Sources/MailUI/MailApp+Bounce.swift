import Foundation
import MailMessage
import MailStore
import SyncEngine

/// `b`: a message resent unchanged to other addresses (Resent-* headers in front),
/// through the outbox like any mail; asked first, since it cannot be taken back once sent.
extension MailApp {
    /// Asks for the addresses (Tab completes), then for a yes; the tagged messages, else
    /// the selected one, are each bounced. The tags stay until the question is answered.
    func askToBounce(selected message: MessageRecord) {
        ask(LineEditor(prompt: "Bounce to: ", completion: addressCompletion())) { app, text in
            let addresses = AddressParser.parseList(text).addresses
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return }
            guard !addresses.isEmpty, addresses.allSatisfy({ $0.mailbox.contains("@") && !$0.mailbox.contains(" ") }) else {
                throw ComposeFailure("\(DisplaySanitizer.sanitizeLine(text)) is not an address like name@example.org")
            }
            let count = app.tagged.isEmpty ? 1 : app.tagged.count
            let names = addresses.map(\.mailbox).joined(separator: ", ")
            app.confirm("Bounce \(count == 1 ? "this message" : "these \(count) messages") to \(names)?",
                        declined: { app in app.info = "Nothing bounced." }) { app in
                for target in try app.takeTargets(selected: message) {
                    try app.bounce(target, to: addresses)
                }
            }
        }
    }

    /// Builds one bounce (`Composer.bounce`, as `merle bounce` does) from the message's
    /// account and queues it through the engine.
    func bounce(_ message: MessageRecord, to addresses: [Address]) throws {
        guard let id = message.id else { return }
        let composer = try composer(for: message)
        if let reason = composer.sender.cannotSend {
            throw ComposeFailure(reason + "; add [account.smtp] to bounce from it")
        }
        do {
            let built = try composer.bounce(id, to: addresses)
            sendCommand(.enqueueBounce(accountId: composer.sender.accountId, message: built))
        } catch ComposeError.bodyNotDownloaded {
            sendCommand(.fetchBody(messageId: id))
            throw ComposeFailure("the message is still on the server; it is being downloaded, try again in a moment")
        }
    }
}
