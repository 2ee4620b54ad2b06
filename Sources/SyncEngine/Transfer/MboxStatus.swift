import Foundation
import MailStore

/// The `Status:` and `X-Status:` header lines by which mbox readers (mutt, Pine, Dovecot's
/// mbox) keep a message's flags inside the message: Status R read (O: old, seen in a list
/// but unread); X-Status A answered, F flagged, T draft, D deleted (`D` in Status too,
/// as Pine writes it).
///
/// Import reads them and leaves them in the bytes; export changes a line only when it
/// no longer says the message's flags, and adds one only when a flag needs it. So a
/// message's bytes come back exactly as they went in whatever the writer's order or
/// spelling, a changed flag shows in the line mutt reads, and the lines never count
/// against a message's identity (`importIdentity`).
enum MboxStatus {
    private static let statusFlags: [(letter: UInt8, flag: String)] = [(UInt8(ascii: "R"), SystemFlag.seen.rawValue)]
    private static let extraFlags: [(letter: UInt8, flag: String)] = [
        (UInt8(ascii: "A"), SystemFlag.answered.rawValue), (UInt8(ascii: "F"), SystemFlag.flagged.rawValue),
        (UInt8(ascii: "T"), SystemFlag.draft.rawValue), (UInt8(ascii: "D"), SystemFlag.deleted.rawValue),
    ]
    /// The flags these lines can say.
    private static let kept = Set((statusFlags + extraFlags).map { $0.flag.lowercased() })

    /// The IMAP flags the message's Status and X-Status lines say.
    static func flags(_ message: [UInt8]) -> [String] {
        let lines = headerLines(message)
        var letters = Set<UInt8>()
        for line in lines where line.name == "status" || line.name == "x-status" {
            letters.formUnion(value(of: line, in: message))
        }
        return (statusFlags + extraFlags).filter { letters.contains($0.letter) }.map(\.flag)
    }

    /// The message (LF line ends) with lines that say `flags`: each of Status and X-Status
    /// kept as it is when it already says them, else rewritten in place (mutt's spelling:
    /// `RO`, `O`; `AFTD` order), removed when it says nothing, or added at the end of the
    /// header when missing.
    static func stamped(_ message: [UInt8], flags: [String]) -> [UInt8] {
        let wanted = Set(flags.map { $0.lowercased() }).intersection(kept)
        let lines = headerLines(message)
        let status = lines.first { $0.name == "status" }
        let extra = lines.first { $0.name == "x-status" }
        let statusSays = status.map { value(of: $0, in: message) } ?? []
        let extraSays = extra.map { value(of: $0, in: message) } ?? []
        let seen = wanted.contains(SystemFlag.seen.rawValue.lowercased())
        let deleted = wanted.contains(SystemFlag.deleted.rawValue.lowercased())
        var edits: [(range: Range<Int>, text: [UInt8])] = []
        let end = headerEnd(message)
        var prefix = ""
        if end == message.count, message.last != 0x0A, !message.isEmpty {
            // A header with no line end after it: a new line must not join its last one.
            prefix = "\n"
        }

        // A D in Status (as Pine writes it) says deleted too; Status is rewritten when it
        // says read or deleted wrongly, and then says R and O only.
        let rewriteStatus = statusSays.contains(UInt8(ascii: "R")) != seen || (statusSays.contains(UInt8(ascii: "D")) && !deleted)
        if rewriteStatus {
            // O (old) stays once the message was listed; being read makes it old too.
            let old = statusSays.contains(UInt8(ascii: "O")) || seen
            let text = (seen ? "R" : "") + (old ? "O" : "")
            edits.append(replacing(status, with: text.isEmpty ? nil : prefix + "Status: \(text)\n", at: end))
            if status == nil, !text.isEmpty { prefix = "" }
        }
        let saidDeleted = extraSays.contains(UInt8(ascii: "D")) || (statusSays.contains(UInt8(ascii: "D")) && !rewriteStatus)
        let extraWanted = extraFlags.filter { wanted.contains($0.flag.lowercased()) }
        let extraSaid = extraFlags.filter { $0.letter == UInt8(ascii: "D") ? saidDeleted : extraSays.contains($0.letter) }
        if extraWanted.map(\.letter) != extraSaid.map(\.letter) {
            let text = String(decoding: extraWanted.map(\.letter), as: UTF8.self)
            edits.append(replacing(extra, with: text.isEmpty ? nil : prefix + "X-Status: \(text)\n", at: end))
        }
        guard !edits.isEmpty else { return message }
        var result = message
        // From the back, so earlier ranges stay where they are; an insertion at the header's
        // end keeps Status before X-Status.
        for edit in edits.enumerated().sorted(by: { ($0.element.range.lowerBound, $0.offset) > ($1.element.range.lowerBound, $1.offset) }) {
            result.replaceSubrange(edit.element.range, with: edit.element.text)
        }
        return result
    }

    /// The message without its Status and X-Status lines: what identifies it whatever a
    /// reader marked in it.
    static func withoutStatus(_ message: [UInt8]) -> [UInt8] {
        var result = message
        for line in headerLines(message).reversed() where line.name == "status" || line.name == "x-status" {
            result.removeSubrange(line.range)
        }
        return result
    }

    // MARK: - The header block

    /// One header field: its lower-cased name and its bytes, continuation lines and line end included.
    struct HeaderLine {
        var name: String
        var range: Range<Int>
        var valueStart: Int
    }

    /// Where the header block ends: at its empty line (LF or CRLF), else at the end.
    static func headerEnd(_ message: [UInt8]) -> Int {
        var index = 0
        while index < message.count {
            if message[index] == 0x0A || (message[index] == 0x0D && index + 1 < message.count && message[index + 1] == 0x0A) {
                return index
            }
            while index < message.count, message[index] != 0x0A { index += 1 }
            index += 1
        }
        return message.count
    }

    static func headerLines(_ message: [UInt8]) -> [HeaderLine] {
        let end = headerEnd(message)
        var lines: [HeaderLine] = []
        var index = 0
        while index < end {
            let start = index
            while index < end, message[index] != 0x0A { index += 1 }
            index = min(index + 1, end)
            // Folded continuation lines belong to the field.
            while index < end, message[index] == 0x20 || message[index] == 0x09 {
                while index < end, message[index] != 0x0A { index += 1 }
                index = min(index + 1, end)
            }
            guard let colon = message[start..<index].firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: message[start..<colon], as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased()
            lines.append(HeaderLine(name: name, range: start..<index, valueStart: colon + 1))
        }
        return lines
    }

    /// The letters of a Status or X-Status value, upper-cased.
    private static func value(of line: HeaderLine, in message: [UInt8]) -> Set<UInt8> {
        Set(message[line.valueStart..<line.range.upperBound].filter { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") || $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
            .map { $0 & 0xDF })
    }

    /// The edit that puts `text` where `line` is (or, with no line, at the header's end).
    private static func replacing(_ line: HeaderLine?, with text: String?, at end: Int) -> (range: Range<Int>, text: [UInt8]) {
        (line?.range ?? end..<end, Array((text ?? "").utf8))
    }
}
