/// A mailbox's UIDVALIDITY (RFC 9051 §2.3.1.1): when it changes, every UID the client
/// knows for the mailbox is void.
public struct UIDValidity: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: UInt32

    public init(_ rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public var description: String { String(rawValue) }

    public static func < (lhs: UIDValidity, rhs: UIDValidity) -> Bool { lhs.rawValue < rhs.rawValue }
}
