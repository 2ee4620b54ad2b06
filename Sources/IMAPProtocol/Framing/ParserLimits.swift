/// Bounds that keep a hostile or broken server from exhausting memory or the stack.
///
/// The framer enforces the literal and line limits before any grammar runs; the
/// parser enforces the nesting depth (parenthesised lists, BODYSTRUCTURE parts).
public struct ParserLimits: Sendable, Hashable {
    /// The largest literal (`{n}`, `{n+}`, `~{n}`) accepted, in bytes.
    public var maximumLiteralSize: Int
    /// The longest line accepted between literals, in bytes, without its CRLF.
    public var maximumLineLength: Int
    /// The deepest nesting of parenthesised lists and body parts accepted.
    public var maximumNestingDepth: Int

    public init(maximumLiteralSize: Int = 64 << 20, maximumLineLength: Int = 1 << 20, maximumNestingDepth: Int = 100) {
        self.maximumLiteralSize = maximumLiteralSize
        self.maximumLineLength = maximumLineLength
        self.maximumNestingDepth = maximumNestingDepth
    }

    /// 64 MiB literals, 1 MiB lines, 100 levels.
    public static let standard = ParserLimits()
}
