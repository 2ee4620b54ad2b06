/// A message flag (RFC 9051 §2.3.2): a system flag such as `\Seen` or a keyword such
/// as `$Forwarded`, spelt as the server spells it.
///
/// Flags compare case-insensitively, as the RFC says they do.
public struct Flag: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The flag as sent on the wire, e.g. `\Seen`.
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    public static let seen = Flag("\\Seen")
    public static let answered = Flag("\\Answered")
    public static let flagged = Flag("\\Flagged")
    public static let deleted = Flag("\\Deleted")
    public static let draft = Flag("\\Draft")
    public static let recent = Flag("\\Recent")
    /// `\*` in PERMANENTFLAGS: new keywords may be created.
    public static let wildcard = Flag("\\*")

    /// Whether this is a system flag (starts with a backslash).
    public var isSystemFlag: Bool { rawValue.hasPrefix("\\") }

    public var description: String { rawValue }

    public static func == (lhs: Flag, rhs: Flag) -> Bool {
        lhs.rawValue.lowercased() == rhs.rawValue.lowercased()
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rawValue.lowercased())
    }
}
