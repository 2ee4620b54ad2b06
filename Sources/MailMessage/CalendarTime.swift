import Foundation

/// A DATE or DATE-TIME value (RFC 5545 §3.3.4, §3.3.5) and the zone it is in: UTC
/// (a trailing `Z`), a TZID, or floating (the reader's own local time).
public struct CalendarTime: Sendable, Hashable {
    /// How the wall-clock fields are to be read.
    public enum Zone: Sendable, Hashable {
        case utc
        case floating
        /// A TZID parameter as written (an IANA name, a Windows name, or Outlook's own).
        case named(String)
    }

    public var year: Int, month: Int, day: Int
    public var hour: Int, minute: Int, second: Int
    /// A DATE (an all-day value) has no time of day.
    public var isDate: Bool
    public var zone: Zone

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, isDate: Bool = false, zone: Zone = .floating) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.isDate = isDate
        self.zone = zone
    }

    /// A DTSTART-like property: `VALUE=DATE` or an 8-digit value is a DATE; `Z` is UTC;
    /// else its TZID, else floating.
    public init(_ property: CalendarProperty) throws {
        let tzid = property.parameter("TZID").map { $0.trimmingMailWhitespace }.flatMap { $0.isEmpty ? nil : $0 }
        try self.init(value: property.rawValue, tzid: tzid)
    }

    /// `date` or `date "T" time ["Z"]`.
    public init(value raw: String, tzid: String? = nil) throws {
        let value = raw.trimmingMailWhitespace.uppercased()
        let digits = Array(value.utf8)
        func number(_ range: Range<Int>) throws -> Int {
            guard range.upperBound <= digits.count, digits[range].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                throw CalendarError("\"\(raw.prefix(40))\" is not an iCalendar date or date-time")
            }
            return digits[range].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        year = try number(0..<4)
        month = try number(4..<6)
        day = try number(6..<8)
        guard (1...12).contains(month), (1...31).contains(day) else {
            throw CalendarError("\"\(raw.prefix(40))\" is not a valid date")
        }
        if digits.count == 8 {
            hour = 0; minute = 0; second = 0
            isDate = true
            zone = .floating
            return
        }
        guard digits.count >= 15, digits[8] == UInt8(ascii: "T") else {
            throw CalendarError("\"\(raw.prefix(40))\" is not an iCalendar date or date-time")
        }
        hour = try number(9..<11)
        minute = try number(11..<13)
        second = try number(13..<15)
        // 60 is a leap second (§3.3.12).
        guard hour < 24, minute < 60, second <= 60 else { throw CalendarError("\"\(raw.prefix(40))\" is not a valid time") }
        isDate = false
        if digits.count == 16, digits[15] == UInt8(ascii: "Z") {
            zone = .utc
        } else if digits.count == 15 {
            zone = tzid.map { .named($0) } ?? .floating
        } else {
            throw CalendarError("\"\(raw.prefix(40))\" is not an iCalendar date-time")
        }
    }

    /// The fields as a date in `zone`'s own terms, for the Gregorian calendar.
    var components: DateComponents {
        DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: min(second, 59))
    }

    /// The moment, reading the wall clock in `timeZone` (DATE values: midnight there).
    public func date(in timeZone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: components)
    }

    /// The fields written back as iCalendar: `YYYYMMDD` or `YYYYMMDDTHHMMSS[Z]`.
    public var value: String {
        func pad(_ number: Int, _ width: Int) -> String {
            let text = String(number)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let date = pad(year, 4) + pad(month, 2) + pad(day, 2)
        if isDate { return date }
        return date + "T" + pad(hour, 2) + pad(minute, 2) + pad(second, 2) + (zone == .utc ? "Z" : "")
    }
}
