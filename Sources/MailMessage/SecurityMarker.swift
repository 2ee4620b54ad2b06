/// The mark that begins every line Merle itself writes about signatures and
/// encryption: the status block and the borders around signed or encrypted parts.
///
/// A message must not be able to draw a line that passes for Merle's ("Johnny, You Are
/// Fired!", USENIX Security 2019: status text written into the body). So the mark is
/// taken out of everything the message supplies (headers, bodies, decrypted text), and
/// the status block sits between the header lines and the first empty line, where no
/// body text can be. In the pager the same lines are drawn in the theme's
/// `pager.security` role, which body text never gets.
public enum SecurityMarker: Sendable {
    /// U+258C LEFT HALF BLOCK and a space.
    public static let mark = "\u{258C} "
    static let markScalar: Unicode.Scalar = "\u{258C}"
    /// What the mark becomes in text from a message.
    static let replacement = "|"

    /// `text` from a message with every mark made into a plain bar.
    public static func defang(_ text: String) -> String {
        guard text.unicodeScalars.contains(markScalar) else { return text }
        return text.replacingOccurrences(of: String(markScalar), with: replacement)
    }

    /// Whether a line of rendered text is one of Merle's own.
    public static func isOwnLine(_ line: some StringProtocol) -> Bool {
        line.hasPrefix(mark)
    }
}
