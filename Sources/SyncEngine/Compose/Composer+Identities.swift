import MailMessage
import MerleConfig

/// Which identity writes: the one a message was sent to, its signature, and changing
/// to another while the message is being written.
extension Composer {
    /// The identity a message to the user was sent to: the first of its To, Cc and
    /// Delivered-To addresses that is one, else the account's own.
    public func identity(answering original: MIMEMessage) -> Identity {
        let delivered = original.headers(named: "Delivered-To").flatMap { AddressParser.parseList($0.value).addresses }
        for address in original.to.addresses + original.cc.addresses + delivered {
            if let identity = sender.identity(for: address.mailbox) { return identity }
        }
        return sender.identities[0]
    }

    /// An identity's signature, or why it could not be read.
    public func signature(of identity: Identity) -> (text: String?, problem: String?) {
        do {
            return (try identity.signature?.load(), nil)
        } catch {
            return (nil, "\(error); the message starts without the signature of \(identity.email)")
        }
    }

    /// The draft written from `new` instead of `old`: the From, `new`'s Reply-To in place
    /// of `old`'s, and `new`'s signature in place of `oldSignature` (`Signature.replacing`).
    /// Returns the draft, the new signature, and why it could not be read, if it could not.
    public static func switching(_ draft: Draft, from old: Identity, signature oldSignature: String?,
                                 to new: Identity) -> (draft: Draft, signature: String?, problem: String?) {
        var result = draft
        let typedName = draft.from.mailbox.caseInsensitiveCompare(new.email) == .orderedSame ? draft.from.name : nil
        result.from = Address(name: typedName ?? new.name, mailbox: new.email)
        if result.replyTo == old.replyTo { result.replyTo = new.replyTo }
        var signature: String?
        var problem: String?
        do {
            signature = try new.signature?.load()
        } catch {
            problem = "\(error); the message has no signature of \(new.email)"
        }
        result.body = Signature.replacing(oldSignature, with: signature, in: draft.body)
        return (result, signature, problem)
    }
}
