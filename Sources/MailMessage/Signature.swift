/// Where a signature goes in a message's text: below a `-- ` line (the RFC 3676
/// section 4.3 separator, which readers and the reply quote use to find it).
public enum Signature {
    /// The separator line, with its trailing space.
    public static let separator = "-- "

    /// `body`, then the signature block; `body` unchanged without a signature. An empty
    /// body keeps one empty line above the block, for the text to come.
    public static func appending(_ signature: String?, to body: String) -> String {
        guard let signature, !signature.isEmpty else { return body }
        var text = body
        if text.isEmpty { text = "\n" } else if !text.hasSuffix("\n") { text += "\n" }
        return text + block(signature)
    }

    /// `-- `, the signature, a final line break.
    public static func block(_ signature: String) -> String {
        separator + "\n" + signature + (signature.hasSuffix("\n") ? "" : "\n")
    }

    /// The text with one signature exchanged for another (the identity changed): the
    /// last block of `old` becomes `new`'s, or goes when `new` is nil; with no `old`
    /// block in the text, `new`'s is added at the end of the user's part (before a
    /// forwarded message, else at the end).
    public static func replacing(_ old: String?, with new: String?, in text: String) -> String {
        if let old, !old.isEmpty, let range = text.range(of: block(old), options: .backwards) {
            var result = text
            if let new, !new.isEmpty {
                result.replaceSubrange(range, with: block(new))
            } else {
                result.removeSubrange(range)
            }
            return result
        }
        guard let new, !new.isEmpty else { return text }
        if let forwarded = text.range(of: "---------- Forwarded message ----------\n") {
            var head = String(text[..<forwarded.lowerBound])
            while head.hasSuffix("\n\n") { head.removeLast() }
            return appending(new, to: head) + "\n" + text[forwarded.lowerBound...]
        }
        return appending(new, to: text)
    }
}
