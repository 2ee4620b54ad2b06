import Foundation
import MailStore
import SyncEngine

/// The local search language, turned into a `MessageQuery`: free words (prefix match),
/// `"quoted phrases"`, `from:` (the From field), `to:` (To and Cc), `cc:`, `subject:`, `body:`, `is:unread`, `is:flagged`,
/// `has:attachment`, `before:YYYY-MM-DD`, `after:YYYY-MM-DD`. Words are ANDed.
///
/// Every user word is quoted for FTS5 (a `"` doubled), so operators typed by the user
/// (`OR`, `NEAR`, `*`, `:`) are searched for as text and never change the query.
public struct SearchQuery: Sendable, Equatable {
    public var text: String
    public var query: MessageQuery
    /// The same words for the server's SEARCH (dates and flags are local only).
    public var server = ServerSearch()

    /// Parses `text` for `folderId` (nil searches every folder); `before:` and `after:`
    /// days are in `timeZone`, the local one when nil (asked only for such a term: the
    /// local zone loads ICU). Throws a message in words.
    public init(_ text: String, folderId: Int64?, timeZone: TimeZone? = nil) throws {
        self.text = text
        var query = MessageQuery(folderId: folderId)
        var terms: [String] = []
        for token in Self.tokens(text) {
            let (field, value, wasQuoted) = token
            func phrase(_ value: String, prefix: Bool) -> String {
                let quoted = "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                return prefix && !wasQuoted ? quoted + " *" : quoted
            }
            switch field?.lowercased() {
            case nil:
                terms.append(phrase(value, prefix: true))
                server.text.append(value)
            case "from", "to", "cc":
                // The index finds the word among all the addresses; the field check keeps
                // the messages that have it where asked.
                terms.append("addresses : " + phrase(value, prefix: true))
                let addressField = AddressField(rawValue: field!.lowercased())!
                query.fieldWords.append(AddressFieldWord(field: addressField, value: value, isPhrase: wasQuoted))
                switch addressField {
                case .from: server.from.append(value)
                case .to: server.to.append(value)
                case .cc: server.cc.append(value)
                }
            case "subject":
                terms.append("subject : " + phrase(value, prefix: true))
                server.subject.append(value)
            case "body":
                terms.append("body : " + phrase(value, prefix: true))
                server.body.append(value)
            case "is":
                switch value.lowercased() {
                case "unread": query.unreadOnly = true
                case "flagged": query.flaggedOnly = true
                default: throw SearchQueryError("unknown is:\(value); try is:unread or is:flagged")
                }
            case "in":
                // The folder a message is in; only the inboxes, of every account, for now.
                guard value.lowercased() == "inbox" else { throw SearchQueryError("unknown in:\(value); try in:inbox (every account's INBOX)") }
                query.inboxesOnly = true
            case "has":
                guard value.lowercased() == "attachment" else { throw SearchQueryError("unknown has:\(value); try has:attachment") }
                query.withAttachmentOnly = true
            case "before", "after":
                guard let date = Self.parseDay(value, timeZone: timeZone ?? .current) else {
                    throw SearchQueryError("\(field!):\(value) is not a date; write YYYY-MM-DD")
                }
                if field!.lowercased() == "before" { query.before = date } else { query.after = date }
            default:
                // An unknown field is probably a word with a colon: search it as text.
                terms.append(phrase((field ?? "") + ":" + value, prefix: false))
            }
        }
        query.fullTextMatch = terms.isEmpty ? nil : terms.joined(separator: " AND ")
        self.query = query
    }

    /// Splits into (field, value, quoted) tokens; quotes group words into one phrase.
    static func tokens(_ text: String) -> [(String?, String, Bool)] {
        var result: [(String?, String, Bool)] = []
        var characters = Array(text)[...]
        while let first = characters.first {
            if first == " " { characters.removeFirst(); continue }
            var field: String?
            var value = ""
            var quoted = false
            var word = ""
            while let character = characters.first, character != " " {
                if character == ":" && field == nil && !word.isEmpty {
                    field = word
                    word = ""
                    characters.removeFirst()
                    continue
                }
                if character == "\"" {
                    characters.removeFirst()
                    quoted = true
                    while let inner = characters.first, inner != "\"" {
                        word.append(inner)
                        characters.removeFirst()
                    }
                    if !characters.isEmpty { characters.removeFirst() }
                    continue
                }
                word.append(character)
                characters.removeFirst()
            }
            value = word
            if value.isEmpty && field != nil { value = "" }
            if !value.isEmpty { result.append((field, value, quoted)) }
        }
        return result
    }

    static func parseDay(_ text: String, timeZone: TimeZone) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }
}

/// A search the user typed that cannot be run, said in words.
public struct SearchQueryError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
