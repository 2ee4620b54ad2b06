/// Finds the quoted text in a message of a conversation that repeats an earlier message
/// of it, so the conversation view can fold it to one line. A block is the run of lines
/// starting with `>` (with the "… wrote:" line just above it), or Outlook's quote without
/// marks (from its "From:/Sent:" header block to the end); it repeats the earlier
/// messages when most of its lines, with every `>` level and the spacing taken away, are
/// lines they wrote.
public enum ConversationQuotes {
    /// A piece of one message's text.
    public enum Segment: Sendable, Hashable {
        /// Lines shown as they are.
        case text([String])
        /// Quoted lines that repeat message `of` (an index into the conversation's messages).
        case repeated(lines: [String], of: Int)
    }

    /// Of the block's content lines, at least this share must be in the earlier message.
    static let threshold = 0.6

    /// Each body split into segments; message `i` is compared with messages before it.
    public static func segments(of bodies: [String]) -> [[Segment]] {
        var known: [Set<String>] = []
        var result: [[Segment]] = []
        for body in bodies {
            let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            result.append(segments(lines, earlier: known))
            // What this message says itself (its quotes are someone else's words).
            known.append(Set(lines.filter { !$0.hasPrefix(">") }.map(normalized).filter { !$0.isEmpty }))
        }
        return result
    }

    static func segments(_ lines: [String], earlier: [Set<String>]) -> [Segment] {
        var segments: [Segment] = []
        var plain: [String] = []
        var index = 0
        // Each try reads the rest of the message: a few, so a hostile body stays linear.
        var outlookTries = 3
        func flush() {
            if !plain.isEmpty { segments.append(.text(plain)) }
            plain = []
        }
        while index < lines.count {
            // Outlook quotes without ">": everything from its header block on.
            if outlookTries > 0, isOutlookQuoteStart(lines, at: index) {
                outlookTries -= 1
                let block = Array(lines[index...])
                let content = block.filter { !isOutlookHeaderLine($0) }
                if let source = repeatedMessage(content, earlier: earlier) {
                    flush()
                    segments.append(.repeated(lines: block, of: source))
                    return segments
                }
            }
            guard lines[index].hasPrefix(">") else {
                plain.append(lines[index])
                index += 1
                continue
            }
            var end = index
            while end < lines.count, lines[end].hasPrefix(">") { end += 1 }
            let block = Array(lines[index..<end])
            if let source = repeatedMessage(block, earlier: earlier) {
                // The attribution line ("On …, Ann wrote:") belongs to the quote.
                var folded = block
                if let last = plain.last, last.hasSuffix(":"), !last.hasPrefix(">") {
                    folded.insert(plain.removeLast(), at: 0)
                }
                flush()
                segments.append(.repeated(lines: folded, of: source))
            } else {
                plain.append(contentsOf: block)
            }
            index = end
        }
        flush()
        return segments
    }

    /// Where Outlook's quote begins: "-----Original Message-----", or a "From:" line
    /// followed by "Sent:" or "Date:" (its header block above the original's text).
    static func isOutlookQuoteStart(_ lines: [String], at index: Int) -> Bool {
        let line = lines[index].trimmingMailWhitespace
        if line.hasPrefix("-----Original Message-----") || line.hasPrefix("-----Ursprüngliche Nachricht-----") { return true }
        guard line.hasPrefix("From: ") || line.hasPrefix("*From:*"), index + 1 < lines.count else { return false }
        let next = lines[index + 1].trimmingMailWhitespace
        return next.hasPrefix("Sent: ") || next.hasPrefix("Date: ") || next.hasPrefix("*Sent:*")
    }

    /// The lines of Outlook's header block, which are not the original's words.
    static func isOutlookHeaderLine(_ line: String) -> Bool {
        let text = line.trimmingMailWhitespace.replacingOccurrences(of: "*", with: "")
        return text.hasPrefix("-----") || ["From:", "Sent:", "Date:", "To:", "Cc:", "Subject:"].contains { text.hasPrefix($0) }
    }

    /// The earlier message most of the block's lines come from, if they mostly do.
    static func repeatedMessage(_ block: [String], earlier: [Set<String>]) -> Int? {
        let content = block.map(normalized).filter { !$0.isEmpty }
        guard !content.isEmpty, !earlier.isEmpty else { return nil }
        // A reply quotes the message before it, with that one's own quote inside: the
        // lines count when any earlier message wrote them; the source is the one that
        // wrote most of them (the latest on a tie).
        let repeated = content.filter { line in earlier.contains { $0.contains(line) } }.count
        guard Double(repeated) >= threshold * Double(content.count) else { return nil }
        var best: (index: Int, count: Int)?
        for (index, lines) in earlier.enumerated() {
            let count = content.filter { lines.contains($0) }.count
            if count > 0, best == nil || count >= best!.count { best = (index, count) }
        }
        return best?.index
    }

    /// A line with its quote marks and spacing taken away, in lower case: what is compared.
    static func normalized(_ line: String) -> String {
        var text = Substring(line)
        while let first = text.first, first == ">" || first == " " || first == "\t" { text = text.dropFirst() }
        return text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ").lowercased()
    }
}
