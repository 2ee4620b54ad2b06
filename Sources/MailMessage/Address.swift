import Foundation

/// One mailbox: an optional display name and the address (`local@domain`).
/// RFC 5322 section 3.4: mailbox = name-addr / addr-spec.
public struct Address: Sendable, Hashable {
    /// The decoded display name (RFC 2047 decoded, quotes removed), if any.
    public var name: String?
    /// The address as written, without angle brackets (may lack a domain in broken mail).
    public var mailbox: String

    public init(name: String? = nil, mailbox: String) {
        let trimmed = name?.trimmingMailWhitespace
        self.name = (trimmed?.isEmpty ?? true) ? nil : name
        self.mailbox = mailbox
    }

    /// The part before the last "@".
    public var localPart: String {
        guard let at = mailbox.lastIndex(of: "@") else { return mailbox }
        return String(mailbox[..<at])
    }

    /// The part after the last "@", or "" if there is none.
    public var domain: String {
        guard let at = mailbox.lastIndex(of: "@") else { return "" }
        return String(mailbox[mailbox.index(after: at)...])
    }

    /// For comparisons: local part as written, domain lower-cased.
    public var normalizedMailbox: String {
        domain.isEmpty ? mailbox.lowercased() : "\(localPart.lowercased())@\(domain.lowercased())"
    }

    /// For reading: `Name <mailbox>` or just the mailbox. Not sanitised; pass it
    /// through `DisplaySanitizer` before it reaches a terminal. A name holding an RFC 5322 special (a comma, angle brackets, a colon…) is quoted
    /// as a quoted-string, so `"Doe, John" <j@x>` never reads as two addresses.
    public var displayString: String {
        guard let name, !name.isEmpty else { return mailbox }
        // A comment standing alone names nobody: shown as the comment it was.
        if mailbox.isEmpty { return "(\(name))" }
        return "\(Address.displayPhrase(name)) <\(mailbox)>"
    }

    /// RFC 5322 section 3.2.3 specials but ".", which obs-phrase allows and names use ("J. Smith").
    private static let phraseSpecials = Set("()<>[]:;@\\,\"".unicodeScalars)

    /// The name as a reader should see it: as it is, or quoted when it holds a special.
    static func displayPhrase(_ name: String) -> String {
        guard name.unicodeScalars.contains(where: { phraseSpecials.contains($0) }) else { return name }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }

    /// For an outgoing header (RFC 5322 section 3.4): the name as an atom run, a
    /// quoted-string, or RFC 2047 encoded words when it is not ASCII.
    public var headerString: String {
        guard let name, !name.isEmpty else { return mailbox }
        return "\(Address.encodePhrase(name)) <\(mailbox)>"
    }

    /// RFC 5322 section 3.2.5 phrase, or RFC 2047 section 5(3) encoded words.
    static func encodePhrase(_ phrase: String) -> String {
        if phrase.unicodeScalars.contains(where: { $0.value > 126 || $0.value < 32 }) {
            return EncodedWord.encode(phrase).joined(separator: " ")
        }
        let atext = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-/=?^_`{|}~ ".unicodeScalars)
        if phrase.unicodeScalars.allSatisfy({ atext.contains($0) }), !phrase.contains("=?"), phrase.first != " ", phrase.last != " " {
            return phrase
        }
        let escaped = phrase.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}
