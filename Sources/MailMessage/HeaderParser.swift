/// Splits a header block into fields and finds where the body starts.
enum HeaderParser {
    struct Result {
        var fields: [HeaderField]
        /// Index of the first body byte (after the blank line), or the end.
        var bodyStart: Int
    }

    /// RFC 5322 section 2.2 / 3.6.8:
    ///   field      = field-name ":" unstructured CRLF
    ///   field-name = 1*ftext   ; ftext = %d33-57 / %d59-126
    /// Folded lines start with WSP. Lines ending in LF alone are accepted. A first line
    /// that is not a field means there is no header at all (the whole input is body);
    /// later lines that are not fields are skipped until the blank line, as mime4j does.
    static func parse(_ bytes: ArraySlice<UInt8>, limits: ParseLimits) -> Result {
        let range = bytes.startIndex..<bytes.endIndex
        var fields: [HeaderField] = []
        var position = range.lowerBound
        let end = range.upperBound
        var currentName: String?
        var currentValue: [UInt8] = []
        var sawAnyLine = false
        var emptyLineAfter: Int?

        func flush() {
            if let name = currentName, fields.count < limits.maxHeaderFields {
                fields.append(HeaderField(name: name, rawValue: currentValue))
            }
            currentName = nil
            currentValue = []
        }

        while position < end {
            if position - range.lowerBound > limits.maxHeaderBytes {
                flush()
                return Result(fields: fields, bodyStart: position)
            }
            var lineEnd = position
            while lineEnd < end, bytes[lineEnd] != ASCII.lf { lineEnd += 1 }
            let next = lineEnd < end ? lineEnd + 1 : end
            var contentEnd = lineEnd
            if contentEnd > position, bytes[contentEnd - 1] == ASCII.cr { contentEnd -= 1 }

            if contentEnd == position {
                // Blank line: end of header.
                flush()
                return Result(fields: fields, bodyStart: next)
            }
            let first = bytes[position]
            if first == ASCII.space || first == ASCII.tab {
                if bytes[position..<contentEnd].allSatisfy({ $0 == ASCII.space || $0 == ASCII.tab }), !nextLineContinuesHeader(bytes, from: next) {
                    if emptyLineAfter == nil { emptyLineAfter = firstEmptyLine(bytes, from: next) ?? Int.max }
                }
                if bytes[position..<contentEnd].allSatisfy({ $0 == ASCII.space || $0 == ASCII.tab }), emptyLineAfter == Int.max,
                   !nextLineContinuesHeader(bytes, from: next) {
                    // A line of spaces followed by text that is no field, and no truly empty
                    // line anywhere after: the sender wrote " " for empty lines, so this is
                    // the separator. (With an empty line later, RFC 5322 says the header ends
                    // there and the junk in between is skipped, as mime4j does.)
                    flush()
                    return Result(fields: fields, bodyStart: next)
                }
                if currentName != nil {
                    currentValue.append(ASCII.cr)
                    currentValue.append(ASCII.lf)
                    currentValue.append(contentsOf: bytes[position..<contentEnd])
                } else if !sawAnyLine {
                    // An indented first line right before the blank line is a broken header
                    // line (skipped, as mime4j and stalwart do); otherwise it starts a body.
                    guard isEmptyLine(bytes, at: next) else { return Result(fields: [], bodyStart: range.lowerBound) }
                }
                sawAnyLine = true
                position = next
                continue
            }
            if let colon = fieldNameEnd(bytes, position..<contentEnd) {
                flush()
                var nameEnd = colon
                while nameEnd > position, bytes[nameEnd - 1] == ASCII.space || bytes[nameEnd - 1] == ASCII.tab { nameEnd -= 1 }
                currentName = String(decoding: bytes[position..<nameEnd], as: UTF8.self)
                currentValue = Array(bytes[(colon + 1)..<contentEnd])
            } else {
                if !sawAnyLine {
                    // mbox "From " separator lines are tolerated at the very start, and so is
                    // junk before a real header (a damaged first line), and so is one damaged
                    // line right before the blank line (RFC 2046: it is in the header section;
                    // mime4j and stalwart skip it); otherwise a first line that is no field
                    // means there is no header and everything is body.
                    let isMboxSeparator = contentEnd - position >= 5 && ASCII.equalsIgnoringCase(bytes[position..<position + 5], "from ")
                    if isMboxSeparator || wellKnownFieldFollows(bytes, from: next) || isEmptyLine(bytes, at: next) {
                        sawAnyLine = true
                        position = next
                        continue
                    }
                    return Result(fields: [], bodyStart: range.lowerBound)
                }
                flush()
            }
            sawAnyLine = true
            position = next
        }
        flush()
        return Result(fields: fields, bodyStart: end)
    }

    private static let wellKnownFieldNames: Set<String> = [
        "content-type", "content-transfer-encoding", "content-disposition", "content-id", "mime-version",
        "from", "to", "cc", "subject", "date", "message-id", "received", "return-path", "reply-to", "sender",
    ]

    /// Whether a well-known header field appears before the next empty line (within 50
    /// lines). Ordinary text rarely starts a line with "Content-Type:" or "Subject:", so
    /// this tells a damaged header from a part that has no header at all.
    private static func wellKnownFieldFollows(_ bytes: ArraySlice<UInt8>, from start: Int) -> Bool {
        var lineStart = start
        var lines = 0
        while lineStart < bytes.endIndex, lines < 50 {
            var lineEnd = lineStart
            while lineEnd < bytes.endIndex, bytes[lineEnd] != ASCII.lf { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > lineStart, bytes[contentEnd - 1] == ASCII.cr { contentEnd -= 1 }
            if contentEnd == lineStart { return false }
            if let colon = fieldNameEnd(bytes, lineStart..<contentEnd) {
                var nameEnd = colon
                while nameEnd > lineStart, bytes[nameEnd - 1] == ASCII.space || bytes[nameEnd - 1] == ASCII.tab { nameEnd -= 1 }
                let name = String(decoding: bytes[lineStart..<nameEnd], as: UTF8.self).lowercased()
                if wellKnownFieldNames.contains(name) { return true }
            }
            lineStart = lineEnd + 1
            lines += 1
        }
        return false
    }

    /// The start of the first empty line at or after `start`, if any.
    /// Whether the line starting at `start` is empty (CRLF or LF alone).
    private static func isEmptyLine(_ bytes: ArraySlice<UInt8>, at start: Int) -> Bool {
        guard start < bytes.endIndex else { return false }
        if bytes[start] == ASCII.lf { return true }
        return bytes[start] == ASCII.cr && start + 1 < bytes.endIndex && bytes[start + 1] == ASCII.lf
    }

    private static func firstEmptyLine(_ bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        var lineStart = start
        while lineStart < bytes.endIndex {
            var lineEnd = lineStart
            while lineEnd < bytes.endIndex, bytes[lineEnd] != ASCII.lf { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > lineStart, bytes[contentEnd - 1] == ASCII.cr { contentEnd -= 1 }
            if contentEnd == lineStart, lineEnd < bytes.endIndex { return lineStart }
            lineStart = lineEnd + 1
        }
        return nil
    }

    /// Whether the line at `start` is a header field, a continuation or the blank separator.
    private static func nextLineContinuesHeader(_ bytes: ArraySlice<UInt8>, from start: Int) -> Bool {
        guard start < bytes.endIndex else { return true }
        var lineEnd = start
        while lineEnd < bytes.endIndex, bytes[lineEnd] != ASCII.lf { lineEnd += 1 }
        var contentEnd = lineEnd
        if contentEnd > start, bytes[contentEnd - 1] == ASCII.cr { contentEnd -= 1 }
        if contentEnd == start { return true }
        let first = bytes[start]
        if first == ASCII.space || first == ASCII.tab { return true }
        return fieldNameEnd(bytes, start..<contentEnd) != nil
    }

    /// The colon's index if the line starts with `field-name *WSP ":"`.
    private static func fieldNameEnd(_ bytes: ArraySlice<UInt8>, _ range: Range<Int>) -> Int? {
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == ASCII.colon {
                return index > range.lowerBound ? index : nil
            }
            if byte == ASCII.space || byte == ASCII.tab {
                // Only whitespace may follow the name before the colon.
                var probe = index
                while probe < range.upperBound, bytes[probe] == ASCII.space || bytes[probe] == ASCII.tab { probe += 1 }
                if probe < range.upperBound, bytes[probe] == ASCII.colon, index > range.lowerBound { return probe }
                return nil
            }
            if byte < 33 || byte > 126 { return nil }
            index += 1
        }
        return nil
    }
}
