import Foundation

/// Send times as the user writes and reads them: `2026-12-24 09:00` in local time (or
/// with seconds, or a `T` between), RFC 3339 with its offset (`2026-12-24T09:00:00+01:00`,
/// `…Z`), or a time of day alone (`09:00`: the next such time).
public enum OutboxTime {
    /// Why a send time was not understood, in words that show what is.
    public struct Unreadable: Error, CustomStringConvertible, Equatable {
        public let text: String
        public var description: String {
            "cannot read the send time \"\(text)\"; write it as 2026-12-24 09:00 (local time), 09:00 (the next such time) or RFC 3339 (2026-12-24T09:00:00+01:00)"
        }
    }

    /// The moment `text` names, in `timeZone` when it names no offset.
    public static func parse(_ text: String, now: Date = Date(), timeZone: TimeZone = .current) throws -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let rfc3339 = ISO8601DateFormatter()
        rfc3339.formatOptions = [.withInternetDateTime]
        if let date = rfc3339.date(from: trimmed.replacingOccurrences(of: " ", with: "T")) { return date }
        rfc3339.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = rfc3339.date(from: trimmed.replacingOccurrences(of: " ", with: "T")) { return date }

        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.isLenient = false
        for format in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) { return date }
        }
        // A time of day alone: today's, or tomorrow's when today's has passed.
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), parts[1].count == 2,
           (0..<24).contains(hour), (0..<60).contains(minute) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            if let today = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: now) {
                return today > now ? today : calendar.date(byAdding: .day, value: 1, to: today) ?? today
            }
        }
        throw Unreadable(text: text)
    }

    /// A send time for people: `2026-12-24 09:00` in `timeZone`.
    public static func text(_ date: Date, timeZone: TimeZone = .current) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// A send time for scripts: RFC 3339 in UTC.
    public static func json(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
