/// Caps that keep parsing bounded in time and memory on hostile input
/// (SECURITY.md: thousands of parts, deep nesting, huge headers). Over a cap the
/// parser stops descending and keeps the rest as an opaque part; it never fails.
public struct ParseLimits: Sendable, Hashable {
    /// The deepest multipart or message/rfc822 nesting that is parsed into children.
    public var maxDepth: Int
    /// The most parts in one message tree.
    public var maxParts: Int
    /// The most header fields kept per header block; later ones are dropped.
    public var maxHeaderFields: Int
    /// The most bytes one header block may take; the rest is treated as body.
    public var maxHeaderBytes: Int

    public init(maxDepth: Int = 64, maxParts: Int = 10_000, maxHeaderFields: Int = 2_000, maxHeaderBytes: Int = 1_048_576) {
        self.maxDepth = maxDepth
        self.maxParts = maxParts
        self.maxHeaderFields = maxHeaderFields
        self.maxHeaderBytes = maxHeaderBytes
    }

    /// The defaults used when none are given.
    public static let standard = ParseLimits()
}
