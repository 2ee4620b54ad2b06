import MailMessage

/// One address the user writes from: the account's own (`email`, `display_name`) or an
/// `[[account.identity]]`. Replies are written from the identity the original was sent
/// to; the compose screen and `merle compose --from` choose another.
public struct Identity: Sendable, Equatable {
    public var email: String
    /// The display name written with the address.
    public var name: String?
    /// The text written below a `-- ` line at the end of the message.
    public var signature: SignatureSource?
    /// Where this identity's sent copies go (IMAP); the account's choice when nil.
    public var sentFolder: String?
    /// A Reply-To written into this identity's messages.
    public var replyTo: [Address]

    public init(email: String, name: String? = nil, signature: SignatureSource? = nil, sentFolder: String? = nil,
                replyTo: [Address] = []) {
        self.email = email
        self.name = name
        self.signature = signature
        self.sentFolder = sentFolder
        self.replyTo = replyTo
    }

    /// The From address.
    public var address: Address { Address(name: name, mailbox: email) }

    /// Whether `mailbox` is this identity's address (case-insensitive, as mail systems
    /// compare them in practice).
    public func matches(_ mailbox: String) -> Bool {
        Address(mailbox: mailbox).normalizedMailbox == Address(mailbox: email).normalizedMailbox
    }
}

/// Where a signature comes from: written in the config, a file, or a command's output.
public enum SignatureSource: Sendable, Equatable {
    case text(String)
    case file(String)
    case command(String)
}
