import Foundation
import MailMessage
import MailStore
import Terminal

/// Formats one index row: flags, date, sender, subject and size in fixed columns, every
/// message string sanitised, widths measured in display columns so CJK and emoji line up.
public struct IndexRowFormatter: Sendable {
    public var timeZone: TimeZone

    public init(timeZone: TimeZone = .current) {
        self.timeZone = timeZone
    }

    /// The flag column: N unread (r answered), ! flagged, @ attachment, D deleted.
    public static func flags(_ message: MessageRecord) -> String {
        var text = ""
        if !message.hasFlag("\\Seen") { text += "N" } else if message.hasFlag("\\Answered") { text += "r" } else { text += " " }
        text += message.hasFlag("\\Flagged") ? "!" : " "
        text += message.hasAttachment ? "@" : " "
        text += message.hasFlag("\\Deleted") ? "D" : " "
        return text
    }

    /// A size in the shortest honest form: 812, 4.2K, 12K, 3.1M.
    public static func size(_ bytes: Int64) -> String {
        let value = Double(bytes)
        if bytes < 1000 { return "\(bytes)" }
        if bytes < 10_000 { return String(format: "%.1fK", value / 1024) }
        if bytes < 1_000_000 { return "\(Int((value / 1024).rounded()))K" }
        if bytes < 10_000_000 { return String(format: "%.1fM", value / 1_048_576) }
        return "\(Int((value / 1_048_576).rounded()))M"
    }

    func date(_ message: MessageRecord, short: Bool) -> String {
        guard let date = message.date ?? message.internalDate else { return "" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let year = parts.year ?? 0, month = parts.month ?? 0, day = parts.day ?? 0
        if short {
            let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            return "\(names[max(0, min(month - 1, 11))]) \(day < 10 ? "0" : "")\(day)"
        }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// The sender as shown: the display name, else the address.
    public static func sender(_ message: MessageRecord) -> String {
        let name = message.fromName.trimmingCharacters(in: .whitespaces)
        return DisplaySanitizer.sanitizeLine(name.isEmpty ? message.fromAddress : name)
    }

    /// One row exactly `width` columns wide.
    public func row(_ message: MessageRecord, width: Int, subjectPrefix: String = "") -> String {
        let short = width < 70
        let dateText = date(message, short: short)
        let dateWidth = short ? 6 : 10
        let fromWidth = width >= 110 ? 24 : (width >= 60 ? 18 : 12)
        let sizeWidth = width >= 60 ? 5 : 0
        // flags(4) date from subject size, single spaces between.
        let fixed = 4 + 1 + dateWidth + 1 + fromWidth + 1 + (sizeWidth > 0 ? sizeWidth + 1 : 0)
        let subjectWidth = max(width - fixed, 1)
        var text = Self.flags(message) + " " + DisplayWidth.fit(dateText, to: dateWidth) + " "
        text += DisplayWidth.fit(Self.sender(message), to: fromWidth) + " "
        text += DisplayWidth.fit(subjectPrefix + DisplaySanitizer.sanitizeLine(message.subject), to: subjectWidth)
        if sizeWidth > 0 { text += " " + DisplayWidth.fitRight(Self.size(message.size), to: sizeWidth) }
        return DisplayWidth.fit(text, to: width)
    }
}
