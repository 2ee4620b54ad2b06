import Foundation
import MailMessage
import MailStore
import SyncEngine

/// Answering a calendar invitation from the pager (`A`, `T`, `D`): after a yes, an iTIP
/// REPLY to the organizer goes to the outbox as `merle invite` queues it, after the
/// account's `send_delay` (`u` takes it back meanwhile).
extension MailApp {
    func askToAnswerInvitation(_ answer: InvitationReply.Answer, messageId id: Int64) throws {
        let message = try store.message(id: id)
        let composer = try composer(for: message)
        if let reason = composer.sender.cannotSend { throw ComposeFailure(reason + "; the answer is a message to the organizer") }
        let built: BuiltMessage
        do {
            built = try composer.invitationReply(to: id, answer: answer)
        } catch ComposeError.bodyNotDownloaded {
            sendCommand(.fetchBody(messageId: id))
            throw ComposeFailure("the message is still on the server; it is being downloaded, try again in a moment")
        } catch let error as ComposeError {
            throw ComposeFailure(error.description)
        }
        let word = answer.status.rawValue.lowercased()
        // The organizer's address comes from the message: made safe before it is shown.
        let to = DisplaySanitizer.sanitizeLine(built.recipients.joined(separator: ", "))
        confirm("Answer \(word) to \(to)?", declined: { app in app.info = "Not answered." }) { app in
            app.queue(built, from: composer.sender, inReplyTo: id, what: "the answer to \(to)")
            app.info = "Answered \(word); the answer to \(to) is in the outbox."
        }
    }
}
