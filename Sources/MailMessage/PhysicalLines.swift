/// The physical lines of a text file as vCard and iCalendar writers leave them: a UTF-8
/// byte order mark skipped, lines ended by CRLF, LF or a lone CR, the ends left out.
/// Both formats then unfold these into content lines, each by its own rules.
enum PhysicalLines {
    /// Calls `body` with each line in order until it returns false.
    static func forEach(in bytes: [UInt8], _ body: (ArraySlice<UInt8>) -> Bool) {
        var text = bytes[...]
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text = text.dropFirst(3) }
        var index = text.startIndex
        while index < text.endIndex {
            var end = index
            while end < text.endIndex, text[end] != 0x0A, text[end] != 0x0D { end += 1 }
            let line = text[index..<end]
            if end < text.endIndex, text[end] == 0x0D, end + 1 < text.endIndex, text[end + 1] == 0x0A { end += 1 }
            index = end + 1
            guard body(line) else { return }
        }
    }
}
