/// What a mailing list says about itself in a message's header: List-Id (RFC 2919),
/// List-Post and List-Unsubscribe (RFC 2369), List-Unsubscribe-Post (RFC 8058).
public struct ListHeaders: Sendable, Equatable {
    /// The List-Id as written (decoded, not yet sanitised), e.g. `Swift Developers <swift-dev.lists.swift.org>`.
    public var id: String?
    /// List-Post's URIs in order; empty when absent or `NO` (the list takes no posts).
    public var post: [String]
    /// Whether List-Post says `NO`.
    public var postingForbidden: Bool
    /// List-Unsubscribe's URIs in order (`mailto:`, `https:` …).
    public var unsubscribe: [String]
    /// Whether List-Unsubscribe-Post is `List-Unsubscribe=One-Click` (RFC 8058): an
    /// `https:` unsubscribe URI then takes a POST with nothing to confirm on a web page.
    public var oneClick: Bool

    public init(_ message: MIMEMessage) {
        let charset = message.headerCharset
        id = message.header("List-Id").map { $0.decodedValue(fallbackCharset: charset).trimmingMailWhitespace }.flatMap { $0.isEmpty ? nil : $0 }
        let postValue = message.header("List-Post")?.value(fallbackCharset: charset) ?? ""
        postingForbidden = postValue.trimmingMailWhitespace.uppercased().hasPrefix("NO")
            && Self.uris(in: postValue).isEmpty
        post = Self.uris(in: postValue)
        unsubscribe = Self.uris(in: message.headers(named: "List-Unsubscribe").map { $0.value(fallbackCharset: charset) }.joined(separator: ", "))
        oneClick = message.headers(named: "List-Unsubscribe-Post").contains {
            $0.value.filter { !$0.isWhitespace }.lowercased() == "list-unsubscribe=one-click"
        }
    }

    /// The address to post to: List-Post's first `mailto:`.
    public var postAddress: Address? {
        post.lazy.compactMap { MailtoURL($0)?.to.first }.first
    }

    /// The List-Id's short form, the id in angle brackets (`swift-dev.lists.swift.org`).
    public var shortID: String? {
        guard let id else { return nil }
        if let open = id.lastIndex(of: "<"), let close = id.lastIndex(of: ">"), open < close {
            return String(id[id.index(after: open)..<close])
        }
        return id
    }

    /// RFC 2369 section 2: a comma-separated list of URIs in angle brackets, with
    /// comments in parentheses around them; whitespace inside the brackets is ignored
    /// (long URIs are folded).
    static func uris(in value: String) -> [String] {
        var result: [String] = []
        var depth = 0
        var current: String?
        for character in value {
            if let text = current {
                if character == ">" {
                    if !text.isEmpty { result.append(text) }
                    current = nil
                } else if !character.isWhitespace {
                    current = text + String(character)
                }
                continue
            }
            switch character {
            case "(": depth += 1
            case ")": depth = max(depth - 1, 0)
            case "<" where depth == 0: current = ""
            default: break
            }
        }
        return result
    }
}
