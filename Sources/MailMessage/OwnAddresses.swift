/// The addresses that are the user: every identity's address and the `alternates`
/// patterns. A reply-all leaves them out, and a reply is written from the identity the
/// original was sent to.
///
/// A pattern is a glob over the whole address, compared without regard to case: `*`
/// stands for any run of characters, `?` for one (`alice+*@example.org`,
/// `*@alice.example`). Globs rather than NeoMutt's regular expressions: an address
/// pattern needs no more, and a dot in a regular expression that was meant literally
/// (`alice@example.org` matching `alice@exampleXorg`) is the usual mistake.
public struct OwnAddresses: Sendable, Equatable {
    /// Exact addresses, normalised (`Address.normalizedMailbox`).
    public var addresses: Set<String>
    /// Glob patterns, lower-cased.
    public var patterns: [String]

    public init(addresses: [String] = [], patterns: [String] = []) {
        self.addresses = Set(addresses.map { Address(mailbox: $0).normalizedMailbox })
        self.patterns = patterns.map { $0.lowercased() }
    }

    /// Whether `mailbox` is one of the user's addresses.
    public func contains(_ mailbox: String) -> Bool {
        guard !mailbox.isEmpty else { return false }
        if addresses.contains(Address(mailbox: mailbox).normalizedMailbox) { return true }
        let lowered = Array(mailbox.lowercased().unicodeScalars)
        return patterns.contains { Self.glob(Array($0.unicodeScalars)[...], matches: lowered[...]) }
    }

    /// The same set with more exact addresses.
    public func adding(_ more: [String]) -> OwnAddresses {
        var copy = self
        copy.addresses.formUnion(more.map { Address(mailbox: $0).normalizedMailbox })
        return copy
    }

    /// `*` and `?` globbing without recursion blow-up: the classic backtracking over the
    /// last `*` only, linear in practice and quadratic at worst.
    static func glob(_ pattern: ArraySlice<Unicode.Scalar>, matches text: ArraySlice<Unicode.Scalar>) -> Bool {
        var p = pattern.startIndex
        var t = text.startIndex
        var star: (pattern: Int, text: Int)?
        while t < text.endIndex {
            if p < pattern.endIndex, pattern[p] == "*" {
                star = (p, t)
                p += 1
            } else if p < pattern.endIndex, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if let last = star {
                p = last.pattern + 1
                t = last.text + 1
                star = (last.pattern, last.text + 1)
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == "*" { p += 1 }
        return p == pattern.endIndex
    }
}
