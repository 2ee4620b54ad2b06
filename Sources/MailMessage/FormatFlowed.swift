/// text/plain; format=flowed (RFC 3676): soft-wrapped paragraphs joined back into
/// logical lines so the reader can wrap them to the terminal width.
public enum FormatFlowed: Sendable {
    /// RFC 3676 section 4: a line ending in a space is flowed (soft break) unless it is
    /// the signature separator "-- "; quote depth is the count of leading ">"; one
    /// leading space after the quotes is stuffing (section 4.4). With DelSp=yes
    /// (section 4.2) the trailing space of a flowed line is removed when joining.
    /// Flowed lines only join lines of the same quote depth (section 4.5).
    public static func unwrap(_ text: String, delSp: Bool) -> String {
        var output: [String] = []
        var paragraph = ""
        var paragraphDepth = -1
        var paragraphOpen = false

        func closeParagraph() {
            if paragraphOpen {
                output.append(quotePrefix(paragraphDepth) + paragraph)
            }
            paragraph = ""
            paragraphOpen = false
            paragraphDepth = -1
        }

        // "\r\n" is one Character in Swift, so normalise before splitting.
        let normalized = text.withUnixLineBreaks
        var lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for rawLine in lines {
            var line = Substring(rawLine)
            var depth = 0
            while line.first == ">" {
                depth += 1
                line = line.dropFirst()
            }
            if line.first == " " { line = line.dropFirst() }
            let isSignature = line == "-- "
            let flowed = line.hasSuffix(" ") && !isSignature
            if paragraphOpen, depth != paragraphDepth { closeParagraph() }
            var content = String(line)
            if flowed, delSp { content.removeLast() }
            if !paragraphOpen {
                paragraphOpen = true
                paragraphDepth = depth
            }
            paragraph += content
            if !flowed { closeParagraph() }
        }
        closeParagraph()
        return output.joined(separator: "\n") + (output.isEmpty ? "" : "\n")
    }

    private static func quotePrefix(_ depth: Int) -> String {
        depth > 0 ? String(repeating: ">", count: depth) + " " : ""
    }
}
