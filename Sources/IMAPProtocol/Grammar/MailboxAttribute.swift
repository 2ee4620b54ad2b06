/// A LIST attribute (RFC 9051 §7.3.1): `\HasChildren`, `\Noselect`, or a special use
/// (RFC 6154) such as `\Sent`, `\Drafts`, `\Trash`, `\Junk`, `\Archive`. Compared
/// case-insensitively.
public struct MailboxAttribute: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    public static let noInferiors = MailboxAttribute("\\Noinferiors")
    public static let noSelect = MailboxAttribute("\\Noselect")
    public static let nonExistent = MailboxAttribute("\\NonExistent")
    public static let marked = MailboxAttribute("\\Marked")
    public static let unmarked = MailboxAttribute("\\Unmarked")
    public static let hasChildren = MailboxAttribute("\\HasChildren")
    public static let hasNoChildren = MailboxAttribute("\\HasNoChildren")
    public static let subscribed = MailboxAttribute("\\Subscribed")
    public static let remote = MailboxAttribute("\\Remote")
    public static let all = MailboxAttribute("\\All")
    public static let archive = MailboxAttribute("\\Archive")
    public static let drafts = MailboxAttribute("\\Drafts")
    public static let flagged = MailboxAttribute("\\Flagged")
    public static let junk = MailboxAttribute("\\Junk")
    public static let sent = MailboxAttribute("\\Sent")
    public static let trash = MailboxAttribute("\\Trash")
    public static let important = MailboxAttribute("\\Important")

    /// The RFC 6154 special uses.
    public static let specialUses: Set<MailboxAttribute> = [.all, .archive, .drafts, .flagged, .junk, .sent, .trash, .important]

    public var isSpecialUse: Bool { Self.specialUses.contains(self) }

    public var description: String { rawValue }

    public static func == (lhs: MailboxAttribute, rhs: MailboxAttribute) -> Bool {
        lhs.rawValue.lowercased() == rhs.rawValue.lowercased()
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rawValue.lowercased())
    }
}
