/// Parses address lists liberally and without recursion: runs of "," or ";", missing
/// brackets, bare names and unbalanced quotes never fail, they just yield fewer entries.
public enum AddressParser: Sendable {
    private enum Token {
        case word(String)           // atom or dot-atom run, may be an encoded word
        case quoted(String)         // quoted-string content, quoted-pairs resolved
        case comment(String)        // comment content, nested parens flattened
        case angle(String, comments: [String])  // the content of <...>, whitespace removed; comments inside
        case special(UInt8)         // , ; :
    }

    /// RFC 5322 section 3.4:
    ///   address-list = (address *("," address)) / obs-addr-list
    ///   address      = mailbox / group
    ///   mailbox      = name-addr / addr-spec
    ///   name-addr    = [display-name] angle-addr
    ///   group        = display-name ":" [group-list] ";" [CFWS]
    /// Obsolete forms (section 4.4: routes, empty list elements, CFWS around dots) are
    /// accepted. Comments become the name when there is no phrase (as in `addr (Name)`).
    public static func parseList(_ text: String) -> AddressList {
        let tokens = tokenize(text)
        var items: [AddressList.Item] = []
        var groupName: String?
        var groupMembers: [Address] = []
        var phrase: [Token] = []
        var comments: [String] = []
        var angle: String?

        func finishMailbox() {
            defer { phrase = []; comments = []; angle = nil }
            var address: Address?
            if let angle {
                address = Address(name: nameFrom(phrase: phrase, comments: comments), mailbox: angle)
            } else if !phrase.isEmpty {
                let spec = phrase.map { token -> String in
                    switch token {
                    case .word(let text): text
                    case .quoted(let text): "\"\(text)\""
                    default: ""
                    }
                }.joined()
                // `user@host (Name)`: the old-style comment is the display name, encoded
                // words and all (RFC 2047 section 5(1) allows them in comments).
                address = Address(name: nameFrom(phrase: [], comments: comments), mailbox: spec)
            } else if !comments.isEmpty {
                // Only a comment (`(no To-header on input)`, `(nobody)` in a group): kept as
                // an entry so the field reads as written, but it names nobody, so
                // `AddressList.addresses` leaves it out.
                address = Address(name: comments.map { EncodedWord.decodeUnstructured($0).collapsingWhitespace }.joined(separator: " "), mailbox: "")
            }
            guard let address, !address.mailbox.isEmpty || address.name != nil else { return }
            if groupName != nil {
                groupMembers.append(address)
            } else {
                items.append(.mailbox(address))
            }
        }

        for token in tokens {
            switch token {
            case .special(UInt8(ascii: ",")):
                finishMailbox()
            case .special(UInt8(ascii: ":")):
                if groupName == nil, angle == nil {
                    groupName = nameFrom(phrase: phrase, comments: comments) ?? ""
                    phrase = []
                    comments = []
                } else {
                    phrase.append(.word(":"))
                }
            case .special(UInt8(ascii: ";")):
                finishMailbox()
                if let name = groupName {
                    items.append(.group(name: name, members: groupMembers))
                    groupName = nil
                    groupMembers = []
                }
            case .special:
                break
            case .angle(let content, let innerComments):
                comments.append(contentsOf: innerComments)
                if angle != nil {
                    // A second <...> before a comma: treat as a separate mailbox.
                    finishMailbox()
                }
                angle = content
            case .comment(let content):
                comments.append(content)
            case .word, .quoted:
                if angle != nil {
                    // Text after <addr>: more display name (seen in the wild).
                    phrase.append(token)
                } else {
                    phrase.append(token)
                }
            }
        }
        finishMailbox()
        if let name = groupName {
            items.append(.group(name: name, members: groupMembers))
        }
        return AddressList(items: items)
    }

    /// Joins phrase words with single spaces, decoding RFC 2047 words (adjacent encoded
    /// words join without a space, section 6.2), then appends comments in parentheses.
    private static func nameFrom(phrase: [Token], comments: [String]) -> String? {
        var result = ""
        var previousWasEncoded = false
        for token in phrase {
            let text: String
            var isEncoded = false
            switch token {
            case .word(let word):
                isEncoded = word.hasPrefix("=?") && word.hasSuffix("?=")
                let decoded = EncodedWord.decodeUnstructured(word)
                if decoded == word { isEncoded = false }
                text = decoded
            case .quoted(let content):
                text = EncodedWord.decodeUnstructured(content)
            default:
                continue
            }
            if !result.isEmpty, !(previousWasEncoded && isEncoded), result.last != " ", text.first != " " { result += " " }
            result += text
            previousWasEncoded = isEncoded
        }
        let commentText = comments.map { EncodedWord.decodeUnstructured($0).collapsingWhitespace }.joined(separator: " ")
        if result.isEmpty {
            return commentText.isEmpty ? nil : commentText
        }
        if !commentText.isEmpty { result += " (\(commentText))" }
        return result
    }

    /// RFC 5322 section 3.2: atoms, quoted-strings, comments and specials.
    private static func tokenize(_ text: String) -> [Token] {
        let bytes = Array(text.utf8)
        var tokens: [Token] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case ASCII.space, ASCII.tab, ASCII.cr, ASCII.lf:
                index += 1
            case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"):
                tokens.append(.special(byte))
                index += 1
            case UInt8(ascii: "\""):
                var content: [UInt8] = []
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count { index += 1 }
                    if bytes[index] != ASCII.cr, bytes[index] != ASCII.lf { content.append(bytes[index]) }
                    index += 1
                }
                index += 1
                tokens.append(.quoted(String(decoding: content, as: UTF8.self)))
            case UInt8(ascii: "("):
                let (content, next) = readComment(bytes, from: index)
                tokens.append(.comment(content))
                index = next
            case UInt8(ascii: "<"):
                var content: [UInt8] = []
                var innerComments: [String] = []
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
                    if bytes[index] == UInt8(ascii: "(") {
                        let (comment, next) = readComment(bytes, from: index)
                        innerComments.append(comment)
                        index = next
                        continue
                    }
                    if bytes[index] == UInt8(ascii: "\"") {
                        // Quoted local part: keep the quotes, they are part of the address.
                        content.append(bytes[index])
                        index += 1
                        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                            if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                                content.append(bytes[index])
                                index += 1
                            }
                            content.append(bytes[index])
                            index += 1
                        }
                        if index < bytes.count { content.append(bytes[index]); index += 1 }
                        continue
                    }
                    if !ASCII.isWhitespace(bytes[index]) { content.append(bytes[index]) }
                    index += 1
                }
                index += 1
                tokens.append(.angle(String(decoding: content, as: UTF8.self), comments: innerComments))
            case UInt8(ascii: ">"), UInt8(ascii: ")"):
                index += 1  // stray closer
            default:
                let start = index
                while index < bytes.count {
                    let current = bytes[index]
                    if ASCII.isWhitespace(current) || current == UInt8(ascii: ",") || current == UInt8(ascii: ";")
                        || current == UInt8(ascii: "\"") || current == UInt8(ascii: "(") || current == UInt8(ascii: "<") || current == UInt8(ascii: ">") {
                        break
                    }
                    // ":" ends a word unless it is inside an encoded word.
                    if current == UInt8(ascii: ":") { break }
                    if current == UInt8(ascii: "="), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "?") {
                        // Skip over an encoded word so its "?" and ":" are not split.
                        if let end = encodedWordEnd(bytes, from: index) { index = end; continue }
                    }
                    index += 1
                }
                tokens.append(.word(String(decoding: bytes[start..<index], as: UTF8.self)))
            }
        }
        return tokens
    }

    private static func encodedWordEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start + 2
        var questionMarks = 0
        while index + 1 < bytes.count, index - start < 1_000 {
            if ASCII.isWhitespace(bytes[index]) { return nil }
            if bytes[index] == UInt8(ascii: "?") {
                if questionMarks >= 2, bytes[index + 1] == UInt8(ascii: "=") { return index + 2 }
                questionMarks += 1
            }
            index += 1
        }
        return nil
    }

    /// A comment's text with nested parentheses kept as text and quoted-pairs resolved.
    private static func readComment(_ bytes: [UInt8], from start: Int) -> (String, Int) {
        var depth = 0
        var index = start
        var content: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                content.append(bytes[index + 1])
                index += 2
                continue
            }
            if byte == UInt8(ascii: "(") {
                depth += 1
                if depth > 1 { content.append(byte) }
            } else if byte == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { return (String(decoding: content, as: UTF8.self).collapsingWhitespace, index + 1) }
                content.append(byte)
            } else if byte != ASCII.cr, byte != ASCII.lf {
                content.append(byte)
            }
            index += 1
        }
        return (String(decoding: content, as: UTF8.self).collapsingWhitespace, index)
    }
}
