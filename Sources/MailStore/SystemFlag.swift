/// The IMAP system flags a user can set (RFC 9051 §2.3.2), spelt as the store and the
/// server spell them. `\Recent` is left out: it is a session flag no client may change.
public enum SystemFlag: String, CaseIterable, Sendable {
    case seen = "\\Seen"
    case answered = "\\Answered"
    case flagged = "\\Flagged"
    case deleted = "\\Deleted"
    case draft = "\\Draft"

    /// The flag called `name`, with or without its backslash, in any case: `seen`,
    /// `\seen` and `\Seen` are all `.seen`.
    public init?(name: String) {
        let bare = name.hasPrefix("\\") ? String(name.dropFirst()) : name
        guard let flag = Self.allCases.first(where: { $0.plainName.caseInsensitiveCompare(bare) == .orderedSame }) else { return nil }
        self = flag
    }

    /// The name without the backslash, in lower case: `seen`.
    public var plainName: String { rawValue.dropFirst().lowercased() }
}
