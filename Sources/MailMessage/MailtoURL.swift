/// A `mailto:` URI (RFC 6068) from a message (List-Post, List-Unsubscribe): the
/// addresses, and a subject and body to write. Every other field is ignored on purpose:
/// a `mailto:` from a message never attaches a local file (`attach=`, `attachment=`) or
/// sets another header (SECURITY.md).
public struct MailtoURL: Sendable, Equatable {
    public var to: [Address]
    public var cc: [Address]
    public var subject: String?
    public var body: String?

    /// Parses `mailto:list@example.org?subject=unsubscribe`; nil when it is not a mailto
    /// URI with at least one address.
    public init?(_ text: String) {
        let trimmed = text.trimmingMailWhitespace
        guard trimmed.lowercased().hasPrefix("mailto:") else { return nil }
        let rest = trimmed.dropFirst("mailto:".count)
        let (path, query) = rest.firstIndex(of: "?").map { (rest[..<$0], rest[rest.index(after: $0)...]) } ?? (rest, "")
        func addresses(_ encoded: Substring) -> [Address] {
            AddressParser.parseList(Self.percentDecoded(encoded)).addresses.filter { $0.mailbox.contains("@") }
        }
        to = addresses(path)
        cc = []
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = parts.count > 1 ? parts[1] : ""
            switch parts[0].lowercased() {
            case "to": to += addresses(value)
            case "cc": cc += addresses(value)
            case "subject": subject = Self.percentDecoded(value)
            case "body": body = Self.percentDecoded(value)
            default: break
            }
        }
        guard !to.isEmpty else { return nil }
    }

    /// `%XX` as UTF-8 bytes (invalid sequences shown as U+FFFD); `+` is a plus (RFC 6068).
    static func percentDecoded(_ text: Substring) -> String {
        String(decoding: RFC2231.percentDecode(Array(text.utf8)), as: UTF8.self)
    }
}
