/// RFC 2047 encoded words: `=?charset?B|Q?text?=` in unstructured fields and phrases.
public enum EncodedWord: Sendable {
    private struct Word {
        var charset: String
        var bytes: [UInt8]
    }

    /// RFC 2047 section 2:
    ///   encoded-word = "=?" charset "?" encoding "?" encoded-text "?="
    /// plus RFC 2231 section 5 (`charset*language`). Whitespace between two adjacent
    /// encoded words is dropped (section 6.2); adjacent words in the same charset are
    /// joined as bytes before decoding, so a character split across words survives.
    /// A word that does not decode (bad base64, unknown encoding) is kept as written.
    /// Words glued to text without whitespace are decoded too (common in the wild).
    public static func decodeUnstructured(_ text: String, spaceGluedText: Bool = true) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= 8, containsMarker(bytes) else { return text }
        var output = ""
        var pending: Word?
        var index = 0
        var literalStart = 0
        var lastWasWord = false

        func flushPending() {
            if let word = pending {
                output += CharsetSniffer.decodeBody(word.bytes, declared: word.charset, hint: nil).text
                pending = nil
            }
        }

        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "="), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "?"),
               let (word, end) = parseWord(bytes, at: index) {
                let literal = Array(bytes[literalStart..<index])
                let onlyWhitespace = literal.allSatisfy { ASCII.isWhitespace($0) }
                if lastWasWord, onlyWhitespace {
                    // Adjacent encoded words: drop the whitespace between them.
                    if let current = pending, current.charset.lowercased() == word.charset.lowercased() {
                        pending?.bytes += word.bytes
                    } else {
                        flushPending()
                        pending = word
                    }
                } else {
                    flushPending()
                    if spaceGluedText, lastWasWord, let first = literal.first, !ASCII.isWhitespace(first) { output += " " }
                    output += String(decoding: literal, as: UTF8.self)
                    // Text glued to a word ("[SPAM]=?...?=") reads better with a space.
                    if spaceGluedText, let last = literal.last, !ASCII.isWhitespace(last) { output += " " }
                    pending = word
                }
                lastWasWord = true
                index = end
                literalStart = end
                continue
            }
            index += 1
        }
        flushPending()
        let rest = bytes[literalStart...]
        if spaceGluedText, lastWasWord, let first = rest.first, !ASCII.isWhitespace(first) { output += " " }
        output += String(decoding: rest, as: UTF8.self)
        return output
    }

    private static func containsMarker(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "="), bytes[index + 1] == UInt8(ascii: "?") { return true }
            index += 1
        }
        return false
    }

    /// Parses one encoded word starting at `start` ("=?"). Returns the decoded bytes
    /// and the index after "?=", or nil if it is not a well-formed, decodable word.
    private static func parseWord(_ bytes: [UInt8], at start: Int) -> (Word, Int)? {
        var index = start + 2
        let charsetStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "?") {
            let byte = bytes[index]
            if byte <= 32 || byte >= 127 || byte == UInt8(ascii: "(") || byte == UInt8(ascii: "\"") { return nil }
            index += 1
            if index - charsetStart > 64 { return nil }
        }
        guard index < bytes.count, index > charsetStart else { return nil }
        let charset = String(decoding: bytes[charsetStart..<index], as: UTF8.self)
        index += 1
        guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "?") else { return nil }
        let encoding = ASCII.lowercased(bytes[index])
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        index += 2
        let textStart = index
        while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "?") && bytes[index + 1] == UInt8(ascii: "=")) {
            let byte = bytes[index]
            // Folding whitespace inside the text (broken folding) is tolerated and removed below.
            if byte == UInt8(ascii: "?") { return nil }
            index += 1
            if index - textStart > 4_096 { return nil }
        }
        guard index + 1 < bytes.count else { return nil }
        let text = cleanEncodedText(bytes[textStart..<index], isBase64: encoding == UInt8(ascii: "b"))
        let decoded: [UInt8]
        if encoding == UInt8(ascii: "b") {
            guard isValidBase64(text) else { return nil }
            decoded = TransferEncoding.decodeBase64(text)
        } else {
            decoded = decodeQ(text)
        }
        return (Word(charset: charset, bytes: decoded), index + 2)
    }

    /// Whitespace inside encoded text only comes from broken folding: B text drops it all;
    /// Q text drops it next to "_" (a folded encoded space) and keeps other spaces
    /// (senders that forgot to encode them).
    private static func cleanEncodedText(_ text: ArraySlice<UInt8>, isBase64: Bool) -> ArraySlice<UInt8> {
        if isBase64 { return text.filter { !ASCII.isWhitespace($0) }[...] }
        var output: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            if ASCII.isWhitespace(text[index]) {
                var end = index
                while end < text.endIndex, ASCII.isWhitespace(text[end]) { end += 1 }
                let nextIsUnderscore = end < text.endIndex && text[end] == UInt8(ascii: "_")
                if !nextIsUnderscore, output.last != UInt8(ascii: "_") { output.append(ASCII.space) }
                index = end
                continue
            }
            output.append(text[index])
            index += 1
        }
        return output[...]
    }

    private static func isValidBase64(_ text: ArraySlice<UInt8>) -> Bool {
        var dataCount = 0
        var padCount = 0
        for byte in text {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                if padCount > 0 { return false }
                dataCount += 1
            case UInt8(ascii: "="):
                padCount += 1
            default:
                return false
            }
        }
        return dataCount > 0 && dataCount % 4 != 1 && padCount <= 2
    }

    /// RFC 2047 section 4.2: "_" is space, "=XX" is a byte; a stray "=" is kept.
    static func decodeQ(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: "_") {
                output.append(ASCII.space)
            } else if byte == UInt8(ascii: "="), index + 2 < text.endIndex,
                      let high = TransferEncoding.hexValue(text[index + 1]), let low = TransferEncoding.hexValue(text[index + 2]) {
                output.append(high << 4 | low)
                index += 3
                continue
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    /// Encodes `text` as UTF-8 B encoded words if it contains anything but printable
    /// ASCII (or looks like an encoded word itself); returns the words separated by
    /// a single space, each at most 75 characters, never splitting a character, so a
    /// folder can break the line between them.
    public static func encodeIfNeeded(_ text: String) -> String {
        let needs = text.unicodeScalars.contains { $0.value > 126 || ($0.value < 32 && $0 != "\t") } || text.contains("=?")
        guard needs else { return text }
        return encode(text).joined(separator: " ")
    }

    /// The UTF-8 B encoded words for `text`, each at most 75 characters (section 2).
    public static func encode(_ text: String) -> [String] {
        let prefix = "=?utf-8?B?"
        let maxPayloadBytes = 45  // 60 base64 characters + 12 of framing = 72 < 75
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > maxPayloadBytes, !chunk.isEmpty {
                words.append(prefix + String(decoding: TransferEncoding.encodeBase64(chunk), as: UTF8.self) + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty {
            words.append(prefix + String(decoding: TransferEncoding.encodeBase64(chunk), as: UTF8.self) + "?=")
        }
        return words
    }
}
