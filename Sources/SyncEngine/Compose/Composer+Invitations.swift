import Foundation
import MailMessage
import MailStore

/// Answering a calendar invitation (`A`/`T`/`D` in the pager, `merle invite`): an iTIP
/// REPLY to the organizer, queued through the outbox like any mail.
extension Composer {
    /// The invitation in message `id`, as the pager's summary reads it.
    public func invitation(in id: Int64) throws -> (invitation: Invitation, message: MIMEMessage) {
        let message = try original(id)
        guard let invitation = MessageRenderer().render(message).invitation else { throw ComposeError.notAnInvitation(id) }
        return (invitation, message)
    }

    /// The REPLY to the invitation in message `id`, from the identity the invitation
    /// lists as an attendee (else the one it was sent to). Queue it with `enqueue`,
    /// `inReplyTo: id`, so the invitation is marked answered once it is sent.
    public func invitationReply(to id: Int64, answer: InvitationReply.Answer, builder: MessageBuilder = MessageBuilder(),
                                now: Date = Date()) throws -> BuiltMessage {
        let (invitation, message) = try self.invitation(in: id)
        let listed = invitation.attendees.first { sender.identity(for: $0.address) != nil || sender.own.contains($0.address) }
        let identity = listed.flatMap { sender.identity(for: $0.address) } ?? identity(answering: message)
        let from = listed.map { Address(name: identity.name, mailbox: $0.address) } ?? identity.address
        do {
            let draft = try InvitationReply.draft(answering: invitation, message: message, from: from, answer: answer, stamp: now)
            return try builder.build(draft)
        } catch let error as CalendarError {
            throw ComposeError.cannotAnswer(id, error.description)
        }
    }
}
