import MailMessage
import MailStore

/// Leaving a mailing list: what List-Unsubscribe offers, and the message a `mailto:`
/// unsubscription sends (through the outbox, like any mail).
extension Composer {
    /// How message `id` says to unsubscribe from its list.
    public func unsubscribeMethod(for id: Int64) throws -> UnsubscribeMethod {
        let message = try original(id)
        guard let method = UnsubscribeMethod(ListHeaders(message)) else { throw ComposeError.noUnsubscribe(id) }
        return method
    }

    /// The message that unsubscribes by mail: to the `mailto:` addresses, with its subject
    /// (else "unsubscribe") and body, from the identity the list's message was sent to.
    public func unsubscribeMessage(for id: Int64, mail: MailtoURL, builder: MessageBuilder = MessageBuilder()) throws -> BuiltMessage {
        let identity = self.identity(answering: try original(id))
        let draft = Draft(from: identity.address, to: mail.to, cc: mail.cc, subject: mail.subject ?? "unsubscribe", body: mail.body ?? "")
        return try builder.build(draft)
    }
}
