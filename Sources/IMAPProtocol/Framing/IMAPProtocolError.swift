/// A server sent bytes that break the IMAP grammar or Merle's limits.
///
/// The connection cannot be trusted to stay in step after one of these: the session
/// closes it and the caller reconnects.
public enum IMAPProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A literal announced more bytes than `ParserLimits.maximumLiteralSize`.
    case literalTooLarge(size: String, limit: Int)
    /// A line ran past `ParserLimits.maximumLineLength` without a line end.
    case lineTooLong(limit: Int)
    /// Lists or body parts nested deeper than `ParserLimits.maximumNestingDepth`.
    case nestingTooDeep(limit: Int)
    /// The bytes do not match the grammar: what was expected, where, and what was there.
    case malformed(expected: String, offset: Int, found: String)

    public var description: String {
        switch self {
        case let .literalTooLarge(size, limit):
            return "the server announced a literal of \(size) bytes, more than the limit of \(limit); refusing it"
        case let .lineTooLong(limit):
            return "the server sent a line longer than \(limit) bytes; refusing it"
        case let .nestingTooDeep(limit):
            return "the server sent lists nested deeper than \(limit) levels; refusing them"
        case let .malformed(expected, offset, found):
            return "malformed server response: expected \(expected) at byte \(offset), found \(found)"
        }
    }
}
