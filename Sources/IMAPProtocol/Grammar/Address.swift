/// An address in an ENVELOPE (RFC 9051 §7.5.2 `address`).
///
/// Group syntax (RFC 5322) appears as a start marker (`host` nil, `mailbox` the
/// group name) and an end marker (`mailbox` and `host` nil).
public struct Address: Sendable, Hashable {
    public var name: String?
    public var adl: String?
    public var mailbox: String?
    public var host: String?

    public init(name: String?, adl: String? = nil, mailbox: String?, host: String?) {
        self.name = name
        self.adl = adl
        self.mailbox = mailbox
        self.host = host
    }

    /// `mailbox@host`, when both are present.
    public var emailAddress: String? {
        guard let mailbox, let host else { return nil }
        return mailbox + "@" + host
    }
}
