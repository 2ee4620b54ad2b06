/// One LIST or LSUB answer (RFC 9051 §7.3.1, LIST-EXTENDED RFC 5258): a mailbox, its
/// hierarchy delimiter and attributes.
public struct MailboxInfo: Sendable, Hashable {
    public var attributes: [MailboxAttribute]
    /// The hierarchy delimiter, nil when the server has none (NIL).
    public var delimiter: UInt8?
    public var name: MailboxName
    /// CHILDINFO extended data (RFC 5258 §4): e.g. `["SUBSCRIBED"]`.
    public var childInfo: [String]
    /// OLDNAME extended data (RFC 9051), when the mailbox was renamed.
    public var oldName: MailboxName?
    /// Any other extended data items, by upper-cased tag.
    public var otherExtendedData: [String: IMAPValue]

    public init(attributes: [MailboxAttribute], delimiter: UInt8?, name: MailboxName,
                childInfo: [String] = [], oldName: MailboxName? = nil, otherExtendedData: [String: IMAPValue] = [:]) {
        self.attributes = attributes
        self.delimiter = delimiter
        self.name = name
        self.childInfo = childInfo
        self.oldName = oldName
        self.otherExtendedData = otherExtendedData
    }

    /// The first RFC 6154 special-use attribute, if any.
    public var specialUse: MailboxAttribute? {
        attributes.first { $0.isSpecialUse }
    }

    public func has(_ attribute: MailboxAttribute) -> Bool {
        attributes.contains(attribute)
    }
}
