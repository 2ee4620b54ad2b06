import Foundation

/// An RRULE value (RFC 5545 §3.3.10), read liberally (unknown parts kept, bad parts
/// ignored), and said in words: "every 2 weeks on Monday and Wednesday, 10 times".
public struct RecurrenceRule: Sendable, Hashable {
    public enum Frequency: String, Sendable, Hashable {
        case secondly = "SECONDLY", minutely = "MINUTELY", hourly = "HOURLY", daily = "DAILY"
        case weekly = "WEEKLY", monthly = "MONTHLY", yearly = "YEARLY"
    }

    /// A BYDAY entry: a weekday (1 Sunday … 7 Saturday, as Foundation counts) and an
    /// optional ordinal ("-1SU" is the last Sunday).
    public struct WeekdayNumber: Sendable, Hashable {
        public var ordinal: Int?
        public var weekday: Int
    }

    public var frequency: Frequency?
    public var interval: Int
    public var count: Int?
    public var until: CalendarTime?
    public var byDay: [WeekdayNumber]
    public var byMonthDay: [Int]
    public var byMonth: [Int]
    public var bySetPosition: [Int]
    /// Parts this reader does not put in words (BYHOUR, BYWEEKNO …), as written.
    public var otherParts: [String]
    /// The value as written.
    public var rawValue: String

    static let weekdayCodes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
    static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    public init(_ value: String) {
        rawValue = value
        frequency = nil
        interval = 1
        count = nil
        until = nil
        byDay = []
        byMonthDay = []
        byMonth = []
        bySetPosition = []
        otherParts = []
        for part in value.split(separator: ";").prefix(64) {
            let pair = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingMailWhitespace }
            guard pair.count == 2 else { continue }
            let values = pair[1].split(separator: ",").prefix(400).map(String.init)
            switch pair[0].uppercased() {
            case "FREQ": frequency = Frequency(rawValue: pair[1].uppercased())
            case "INTERVAL": interval = Int(pair[1]).map { min(max($0, 1), 100_000) } ?? 1
            case "COUNT": count = Int(pair[1]).flatMap { $0 > 0 ? $0 : nil }
            case "UNTIL": until = try? CalendarTime(value: pair[1])
            case "BYDAY": byDay = values.compactMap(Self.weekdayNumber)
            case "BYMONTHDAY": byMonthDay = values.compactMap { Int($0) }.filter { $0 != 0 && abs($0) <= 31 }
            case "BYMONTH": byMonth = values.compactMap { Int($0) }.filter { (1...12).contains($0) }
            case "BYSETPOS": bySetPosition = values.compactMap { Int($0) }.filter { $0 != 0 && abs($0) <= 366 }
            case "WKST": continue
            default: otherParts.append(String(part))
            }
        }
    }

    /// "-1SU", "2MO", "FR".
    static func weekdayNumber(_ text: String) -> WeekdayNumber? {
        let upper = text.trimmingMailWhitespace.uppercased()
        guard upper.count >= 2, let index = weekdayCodes.firstIndex(of: String(upper.suffix(2))) else { return nil }
        let prefix = upper.dropLast(2)
        if prefix.isEmpty { return WeekdayNumber(ordinal: nil, weekday: index + 1) }
        guard let ordinal = Int(prefix), ordinal != 0, abs(ordinal) <= 53 else { return nil }
        return WeekdayNumber(ordinal: ordinal, weekday: index + 1)
    }

    /// The day of the month of an ordinal weekday ("-1SU" in March 2027), if it exists.
    static func day(of weekday: WeekdayNumber, year: Int, month: Int) -> Int? {
        let first = MessageDate.daysFromCivil(year: year, month: month, day: 1)
        let nextMonth = month == 12 ? MessageDate.daysFromCivil(year: year + 1, month: 1, day: 1)
            : MessageDate.daysFromCivil(year: year, month: month + 1, day: 1)
        let length = nextMonth - first
        // 1970-01-01 was a Thursday (5 as Foundation counts).
        let firstWeekday = ((first % 7 + 7) % 7 + 4) % 7 + 1
        let firstMatch = 1 + (weekday.weekday - firstWeekday + 7) % 7
        let matches = Array(stride(from: firstMatch, through: length, by: 7))
        let ordinal = weekday.ordinal ?? 1
        let index = ordinal > 0 ? ordinal - 1 : matches.count + ordinal
        return matches.indices.contains(index) ? matches[index] : nil
    }

    /// The rule in words.
    public var words: String {
        guard let frequency else { return "repeats (\(rawValue))" }
        var text: String
        let unit: String
        switch frequency {
        case .secondly: unit = "second"
        case .minutely: unit = "minute"
        case .hourly: unit = "hour"
        case .daily: unit = "day"
        case .weekly: unit = "week"
        case .monthly: unit = "month"
        case .yearly: unit = "year"
        }
        let weekdaysOnly = Set(byDay.filter { $0.ordinal == nil }.map(\.weekday)) == Set(2...6) && byDay.count == 5
        if weekdaysOnly, frequency == .daily || frequency == .weekly, interval == 1 {
            text = "every weekday"
        } else {
            text = interval == 1 ? "every \(unit)" : "every \(interval) \(unit)s"
            if !byDay.isEmpty, !bySetPosition.isEmpty, byDay.count > 1, byDay.allSatisfy({ $0.ordinal == nil }) {
                // BYSETPOS picks among the days: "the last weekday", "the first of Monday and Friday".
                let positions = Self.list(bySetPosition.map(Self.ordinalWord))
                text += weekdaysOnly ? " on the \(positions) weekday"
                    : " on the \(positions) of " + Self.list(byDay.map { Self.weekdayNames[$0.weekday - 1] })
            } else if !byDay.isEmpty {
                let days = byDay.map { day -> String in
                    let name = Self.weekdayNames[day.weekday - 1]
                    if let ordinal = day.ordinal ?? (bySetPosition.count == 1 && byDay.count == 1 ? bySetPosition[0] : nil) {
                        return "the \(Self.ordinalWord(ordinal)) \(name)"
                    }
                    return name
                }
                text += " on " + Self.list(days)
            }
            if !byMonthDay.isEmpty {
                let days = byMonthDay.map { $0 == -1 ? "the last day" : $0 < 0 ? "day \($0)" : "day \($0)" }
                text += (byDay.isEmpty ? " on " : ", ") + Self.list(days)
            }
            if !byMonth.isEmpty {
                text += " in " + Self.list(byMonth.map { Self.monthNames[$0 - 1] })
            }
        }
        if let count { text += count == 1 ? ", once" : ", \(count) times" }
        if let until {
            text += ", until \(until.year)-\(Self.two(until.month))-\(Self.two(until.day))"
        }
        if !otherParts.isEmpty { text += " (also \(otherParts.joined(separator: ";")))" }
        return text
    }

    static func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }

    static func ordinalWord(_ ordinal: Int) -> String {
        switch ordinal {
        case 1: return "first"
        case 2: return "second"
        case 3: return "third"
        case 4: return "fourth"
        case 5: return "fifth"
        case -1: return "last"
        case -2: return "second to last"
        default: return ordinal > 0 ? "\(ordinal)th" : "\(-ordinal)th to last"
        }
    }

    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }
}
