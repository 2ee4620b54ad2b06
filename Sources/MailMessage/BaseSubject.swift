/// RFC 5256 section 2.1 base subject: the subject without Re:/Fwd: leaders,
/// [blob] prefixes and (fwd) trailers, used for subject threading.
public enum BaseSubject: Sendable {
    /// - Returns: the base subject and whether any reply/forward marker was removed.
    public static func extract(_ subject: String) -> (text: String, isReplyOrForward: Bool) {
        // Step 1: decode encoded words, collapse whitespace.
        var text = EncodedWord.decodeUnstructured(subject).collapsingWhitespace
        var isReply = false
        var outerChanged = true
        while outerChanged {
            outerChanged = false
            // Step 2: remove trailing "(fwd)" and whitespace.
            var trailing = true
            while trailing {
                trailing = false
                let trimmed = text.trimmingMailWhitespace
                if trimmed != text { text = trimmed; trailing = true }
                if text.lowercased().hasSuffix("(fwd)") {
                    text = String(text.dropLast(5))
                    isReply = true
                    trailing = true
                }
            }
            // Steps 3-5: leaders and blobs.
            var changed = true
            while changed {
                changed = false
                if let (rest, wasReply) = removeLeader(text) {
                    text = rest
                    if wasReply { isReply = true }
                    changed = true
                }
                if let rest = removeBlob(text), !rest.trimmingMailWhitespace.isEmpty {
                    text = rest
                    changed = true
                }
            }
            // Step 6: "[fwd:" … "]".
            let lower = text.lowercased()
            if lower.hasPrefix("[fwd:"), text.hasSuffix("]") {
                text = String(text.dropFirst(5).dropLast())
                isReply = true
                outerChanged = true
            }
        }
        return (text.trimmingMailWhitespace, isReply)
    }

    /// The key subjects are grouped by: the base subject, case-folded (Dovecot compares
    /// base subjects with i;unicode-casemap).
    public static func groupingKey(_ subject: String) -> String {
        extract(subject).text.lowercased()
    }

    /// subj-leader = (*subj-blob subj-refwd) / WSP
    /// subj-refwd  = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"
    private static func removeLeader(_ text: String) -> (String, Bool)? {
        if text.first == " " || text.first == "\t" { return (String(text.dropFirst()), false) }
        var rest = Substring(text)
        // *subj-blob
        while let afterBlob = removeBlob(String(rest)) { rest = Substring(afterBlob) }
        let lower = rest.lowercased()
        var consumed = 0
        if lower.hasPrefix("re") { consumed = 2 } else if lower.hasPrefix("fwd") { consumed = 3 } else if lower.hasPrefix("fw") { consumed = 2 } else { return nil }
        var tail = rest.dropFirst(consumed)
        while tail.first == " " || tail.first == "\t" { tail = tail.dropFirst() }
        if tail.first == "[", let afterBlob = removeBlob(String(tail)) { tail = Substring(afterBlob) }
        guard tail.first == ":" else { return nil }
        return (String(tail.dropFirst()), true)
    }

    /// subj-blob = "[" *BLOBCHAR "]" *WSP
    private static func removeBlob(_ text: String) -> String? {
        guard text.first == "[", let close = text.firstIndex(of: "]") else { return nil }
        let inside = text[text.index(after: text.startIndex)..<close]
        if inside.contains("[") { return nil }
        var rest = text[text.index(after: close)...]
        while rest.first == " " || rest.first == "\t" { rest = rest.dropFirst() }
        return String(rest)
    }
}
