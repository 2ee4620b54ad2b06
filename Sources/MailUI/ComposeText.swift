import Foundation
import MailMessage
import MerleConfig

/// The text the user edits in `$EDITOR` when writing a message: a few header lines
/// (From, To, Cc, Bcc, Subject), a blank line, the body. Attachments and threading
/// headers are not in the text; they stay with the draft across edits.
public enum ComposeText {
    /// The editable text for a draft.
    public static func render(_ draft: Draft) -> String {
        var text = "From: \(editable(draft.from))\n"
        text += "To: \(draft.to.map(editable).joined(separator: ", "))\n"
        text += "Cc: \(draft.cc.map(editable).joined(separator: ", "))\n"
        text += "Bcc: \(draft.bcc.map(editable).joined(separator: ", "))\n"
        text += "Subject: \(draft.subject)\n"
        for attachment in draft.attachments { text += "# attached: \(attachment.filename) (kept)\n" }
        return text + "\n" + draft.body
    }

    /// What the edit changed, applied to `draft`: addresses, subject and body. Lines
    /// starting with `#` in the header block are notes, ignored. An address that does
    /// not parse is an error naming it. The From may name another of `identities`
    /// (the account's addresses); any other address there is an error.
    public static func apply(_ text: String, to draft: Draft, identities: [Identity] = []) throws -> Draft {
        var result = draft
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        let (head, body) = split(normalized)
        result.body = body
        for line in head.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else {
                throw ComposeError.unreadableHeader(String(line))
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch name {
            case "to": result.to = try addresses(value, field: "To")
            case "cc": result.cc = try addresses(value, field: "Cc")
            case "bcc": result.bcc = try addresses(value, field: "Bcc")
            case "subject": result.subject = value
            case "from":
                // The account decides the sender: one of its identities; a changed name is kept.
                guard let address = try addresses(value, field: "From").first else { continue }
                if address.mailbox.caseInsensitiveCompare(draft.from.mailbox) == .orderedSame {
                    result.from = address
                } else if let identity = identities.first(where: { $0.matches(address.mailbox) }) {
                    result.from = Address(name: address.name ?? identity.name, mailbox: identity.email)
                } else {
                    throw ComposeError.notAnIdentity(address.mailbox, identities.map(\.email))
                }
            default: throw ComposeError.unknownHeader(String(line[..<colon]))
            }
        }
        return result
    }

    /// Problems in the edited text, in words.
    public enum ComposeError: Error, CustomStringConvertible, Equatable {
        case unreadableHeader(String)
        case unknownHeader(String)
        case invalidAddress(field: String, text: String)
        case notAnIdentity(String, [String])

        public var description: String {
            switch self {
            case let .unreadableHeader(line):
                return "the line \"\(DisplaySanitizer.sanitizeLine(line))\" above the blank line is not a header; put the body after an empty line"
            case let .unknownHeader(name):
                return "\(DisplaySanitizer.sanitizeLine(name)) cannot be set here; use From, To, Cc, Bcc or Subject"
            case let .invalidAddress(field, text):
                return "\(field): \"\(DisplaySanitizer.sanitizeLine(text))\" is not an address like name@example.org"
            case let .notAnIdentity(address, identities):
                return "From: \(DisplaySanitizer.sanitizeLine(address)) is not one of this account's addresses; write "
                    + (identities.isEmpty ? "the account's address" : identities.joined(separator: " or "))
                    + " (an [[account.identity]] in the config adds one)"
            }
        }
    }

    /// Header block and body, split at the first empty line.
    private static func split(_ text: String) -> (head: String, body: String) {
        if text.hasPrefix("\n") { return ("", String(text.dropFirst())) }
        guard let range = text.range(of: "\n\n") else { return (text, "") }
        return (String(text[..<range.lowerBound]), String(text[range.upperBound...]))
    }

    private static func addresses(_ value: String, field: String) throws -> [Address] {
        guard !value.isEmpty else { return [] }
        let parsed = AddressParser.parseList(value).addresses
        guard !parsed.isEmpty, parsed.allSatisfy({ $0.mailbox.contains("@") && !$0.mailbox.contains(" ") }) else {
            throw ComposeError.invalidAddress(field: field, text: value)
        }
        return parsed
    }

    /// `Name <mailbox>`, the name quoted when it holds characters that separate addresses.
    public static func editable(_ address: Address) -> String {
        guard let name = address.name, !name.isEmpty else { return address.mailbox }
        let special = name.contains { ",;<>\"@()[]:\\".contains($0) }
        let shown = special ? "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" : name
        return "\(shown) <\(address.mailbox)>"
    }
}
