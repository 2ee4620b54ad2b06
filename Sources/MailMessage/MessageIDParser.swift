/// Message-ID, In-Reply-To, References and Content-ID values.
public enum MessageIDParser: Sendable {
    /// RFC 5322 section 3.6.4:
    ///   msg-id = [CFWS] "<" id-left "@" id-right ">" [CFWS]
    ///   in-reply-to / references = 1*msg-id   (obs: phrases between ids, section 4.5.4)
    /// Returns the ids without brackets, in order. Text outside brackets is ignored when
    /// any bracketed id exists; otherwise bare words containing "@" (or a lone word) are
    /// taken, as broken mailers send them.
    public static func parse(_ text: String) -> [String] {
        var ids: [String] = []
        var index = text.startIndex
        var sawBracket = false
        while let open = text[index...].firstIndex(of: "<") {
            sawBracket = true
            guard let close = text[open...].firstIndex(of: ">") else {
                let rest = text[text.index(after: open)...].trimmingCharacters(in: .whitespacesAndNewlines)
                if !rest.isEmpty, !rest.contains(" ") { ids.append(rest) }
                break
            }
            let id = String(text[text.index(after: open)..<close]).trimmingMailWhitespace
            if !id.isEmpty { ids.append(id) }
            index = text.index(after: close)
        }
        if sawBracket { return ids }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "," }).map(String.init)
        let withAt = words.filter { $0.contains("@") }
        if !withAt.isEmpty { return withAt }
        return words.count == 1 ? words : []
    }
}
