import Transport

/// Reads SMTP replies from a connection.
public struct SMTPReplyReader {
    /// Longer than RFC 5321's 512 octets, since real servers exceed it, but bounded.
    public static let maxLineLength = 4096
    public static let maxLines = 1000

    /// Parses one reply line.
    /// RFC 5321 §4.2: Reply-line = *( Reply-code "-" [ textstring ] CRLF )
    ///                             Reply-code [ SP textstring ] CRLF
    /// Returns the code, whether more lines follow, and the text.
    public static func parseLine(_ bytes: [UInt8]) throws -> (code: Int, continues: Bool, text: String) {
        var line = bytes
        while line.last == 0x0A || line.last == 0x0D { line.removeLast() }
        guard line.count >= 3, line[0..<3].allSatisfy({ (0x30...0x39).contains($0) }),
              (0x32...0x35).contains(line[0]) else {
            throw SMTPError.malformedReply(String(decoding: line, as: UTF8.self))
        }
        let code = Int(String(decoding: line[0..<3], as: UTF8.self))!
        if line.count == 3 { return (code, false, "") }
        let separator = line[3]
        guard separator == 0x20 || separator == 0x2D else {
            throw SMTPError.malformedReply(String(decoding: line, as: UTF8.self))
        }
        return (code, separator == 0x2D, String(decoding: line[4...], as: UTF8.self))
    }

    /// Reads a whole (possibly multi-line) reply.
    public static func read(from connection: Connection) throws -> SMTPReply {
        var lines: [String] = []
        var firstCode: Int?
        while true {
            guard let bytes = try connection.readLine(maxLength: maxLineLength) else { throw SMTPError.closed }
            let (code, continues, text) = try parseLine(bytes)
            if let firstCode, firstCode != code {
                throw SMTPError.malformedReply("a multi-line reply changed its code from \(firstCode) to \(code)")
            }
            firstCode = code
            lines.append(text)
            if lines.count > maxLines { throw SMTPError.tooManyReplyLines(limit: maxLines) }
            if !continues { break }
        }
        return makeReply(code: firstCode!, lines: lines)
    }

    /// Splits an RFC 3463 enhanced status code (`class.subject.detail`) off the text.
    static func makeReply(code: Int, lines: [String]) -> SMTPReply {
        guard let first = lines.first else {
            return SMTPReply(code: code, lines: lines)
        }
        let parts = first.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        let candidate = parts.first.map(String.init) ?? ""
        let numbers = candidate.split(separator: ".", omittingEmptySubsequences: false)
        let isEnhanced = numbers.count == 3 && numbers.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
            && candidate.first.map { String($0) } == String(code / 100)
        guard isEnhanced else { return SMTPReply(code: code, lines: lines) }
        let stripped = lines.map { line -> String in
            line.hasPrefix(candidate + " ") ? String(line.dropFirst(candidate.count + 1)) : (line == candidate ? "" : line)
        }
        return SMTPReply(code: code, enhancedCode: candidate, lines: stripped)
    }
}
