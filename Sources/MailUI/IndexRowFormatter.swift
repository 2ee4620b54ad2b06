import Foundation
import MailMessage
import MailStore
import Terminal

/// Formats one index row: flags, date, sender (or recipient), subject and size in fixed columns, every
/// message string sanitised, widths measured in display columns so CJK and emoji line up.
public struct IndexRowFormatter: Sendable {
    public var timeZone: TimeZone
    /// The current year, in `timeZone`: narrow rows show "Nov 18" for it and the year for older mail.
    public var currentYear: Int

    /// The Gregorian calendar in `timeZone`, made once: dates are formatted for every row drawn.
    private let calendar: Calendar

    public init(timeZone: TimeZone = .current, today: Date = Date()) {
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
        currentYear = calendar.component(.year, from: today)
    }

    /// The flag column, six places: N unread, r answered (both may show), ! flagged,
    /// @ attachment, S signed or E encrypted (from the Content-Type, nothing checked),
    /// D deleted (a tag shows as * in its place).
    public static func flags(_ message: MessageRecord) -> String {
        var text = message.has(.seen) ? " " : "N"
        text += message.has(.answered) ? "r" : " "
        text += message.has(.flagged) ? "!" : " "
        text += message.hasAttachment ? "@" : " "
        switch message.cryptoMark {
        case .signed: text += "S"
        case .encrypted: text += "E"
        case nil: text += " "
        }
        text += message.has(.deleted) ? "D" : " "
        return text
    }

    /// Width of the flag column.
    static let flagWidth = 6

    /// A size in the shortest honest form: 812, 4.2K, 12K, 3.1M.
    public static func size(_ bytes: Int64) -> String {
        let value = Double(bytes)
        if bytes < 1000 { return "\(bytes)" }
        if bytes < 10_000 { return tenths(value / 1024) + "K" }
        if bytes < 1_000_000 { return "\(Int((value / 1024).rounded()))K" }
        if bytes < 10_000_000 { return tenths(value / 1_048_576) + "M" }
        return "\(Int((value / 1_048_576).rounded()))M"
    }

    /// `value` with one decimal, rounded as `%.1f` rounds (half to even), without
    /// `String(format:)`, which goes through Foundation's formatter on every row.
    static func tenths(_ value: Double) -> String {
        let scaled = Int((value * 10).rounded(.toNearestOrEven))
        return "\(scaled / 10).\(scaled % 10)"
    }

    /// The date: `2026-11-18`, or when narrow `Nov 18` this year and `2024-11` before.
    func date(_ message: MessageRecord, short: Bool) -> String {
        guard let date = message.date ?? message.internalDate else { return "" }
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let year = parts.year ?? 0, month = parts.month ?? 0, day = parts.day ?? 0
        if short {
            guard year == currentYear else { return Self.digits(year, 4) + "-" + Self.digits(month, 2) }
            let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            return "\(names[max(0, min(month - 1, 11))]) " + Self.digits(day, 2)
        }
        return Self.day(year: year, month: month, day: day)
    }

    /// `date` as `yyyy-MM-dd` in `calendar`'s time zone (`merle list` and `merle search`).
    public static func day(_ date: Date, in calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return day(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)
    }

    static func day(year: Int, month: Int, day: Int) -> String {
        digits(year, 4) + "-" + digits(month, 2) + "-" + digits(day, 2)
    }

    /// `value` with leading zeros to `count` digits (`String(format:)` cost a twentieth
    /// of drawing a page).
    static func digits(_ value: Int, _ count: Int) -> String {
        let text = String(value)
        return text.count >= count ? text : String(repeating: "0", count: count - text.count) + text
    }

    /// The sender as shown: the display name, else the address.
    public static func sender(_ message: MessageRecord) -> String {
        let name = trimmed(message.fromName)
        return DisplaySanitizer.sanitizeLine(name.isEmpty ? message.fromAddress : String(name))
    }

    /// `text` without spaces and tabs at either end (Foundation's `trimmingCharacters`
    /// copies through NSString on every row).
    static func trimmed(_ text: String) -> Substring {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !blank($0) }), let last = text.lastIndex(where: { !blank($0) }) else { return "" }
        return text[first...last]
    }

    /// The first recipient as shown, as mutt does for mail you sent: "To: name".
    public static func recipient(_ message: MessageRecord) -> String {
        let first = AddressParser.parseList(message.toAddresses).addresses.first
        let shown = first.map { ($0.name?.isEmpty == false ? $0.name! : $0.mailbox) } ?? message.toAddresses
        return "To: " + DisplaySanitizer.sanitizeLine(shown)
    }

    /// One row exactly `width` columns wide. `outgoing`: mail the user sent (in Sent,
    /// Drafts, or from one of their addresses), which shows its recipient, not its sender.
    public func row(_ message: MessageRecord, width: Int, subjectPrefix: String = "", outgoing: Bool = false) -> String {
        let short = width < 70
        let dateText = date(message, short: short)
        let dateWidth = short ? 7 : 10
        let fromWidth = width >= 110 ? 24 : (width >= 60 ? 18 : 12)
        let sizeWidth = width >= 60 ? 5 : 0
        // flags date from subject size, single spaces between.
        let fixed = Self.flagWidth + 1 + dateWidth + 1 + fromWidth + 1 + (sizeWidth > 0 ? sizeWidth + 1 : 0)
        let subjectWidth = max(width - fixed, 1)
        var text = Self.flags(message) + " " + DisplayWidth.fit(dateText, to: dateWidth) + " "
        text += DisplayWidth.fit(outgoing ? Self.recipient(message) : Self.sender(message), to: fromWidth) + " "
        text += DisplayWidth.fit(subjectPrefix + DisplaySanitizer.sanitizeLine(message.subject), to: subjectWidth)
        if sizeWidth > 0 { text += " " + DisplayWidth.fitRight(Self.size(message.size), to: sizeWidth) }
        return DisplayWidth.fit(text, to: width)
    }
}
