/// A command Merle was asked to send cannot be written safely.
public enum IMAPEncodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A flag, keyword or fetch item that is not an atom (it would need quoting, which
    /// the grammar does not allow there).
    case notAnAtom(String)

    public var description: String {
        switch self {
        case let .notAnAtom(text):
            let shown = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
            return "\"\(shown)\" cannot be sent as an IMAP flag or keyword: it holds spaces, quotes, brackets or control characters"
        }
    }
}
