import Foundation

/// The fields of a parsed Date header and the instant they name.
public struct MessageDate: Sendable, Hashable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// Offset east of UTC in seconds (e.g. -0500 → -18000).
    public var zoneOffsetSeconds: Int

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, zoneOffsetSeconds: Int) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second) = (hour, minute, second)
        self.zoneOffsetSeconds = zoneOffsetSeconds
    }

    /// The instant, computed without Calendar (proleptic Gregorian).
    public var date: Date {
        let days = MessageDate.daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - zoneOffsetSeconds
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard
    /// Hinnant's days_from_civil): the one conversion of calendar days to instants that
    /// parsing, invitations and the store's dates share, without Foundation's calendar.
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of the proleptic Gregorian calendar a day count since 1970-01-01 falls on
    /// (Howard Hinnant's civil_from_days), the inverse of `daysFromCivil`.
    public static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Parses RFC 5322 dates and the obsolete and broken forms seen in real mail.
public enum DateParser: Sendable {
    private enum Token {
        case number(Int, digits: Int)
        case word(String)
        case zone(sign: Int, value: Int)
        case colon
    }

    /// RFC 5322 section 3.3 and 4.3:
    ///   date-time = [ day-of-week "," ] date time [CFWS]
    ///   date      = day month year        ; obs: 2- or 3-digit years, CFWS anywhere
    ///   time      = hour ":" minute [ ":" second ] zone
    ///   zone      = ("+" / "-") 4DIGIT / obs-zone (UT, GMT, EST … military letters)
    /// Numbers fill day, month, year, hour, minute, second in order; a month may be a
    /// name or a number. Two-digit years 00–49 are 20xx, 50–99 19xx; three-digit years
    /// add 1900. A `Received`-style value is read after its last ";".
    /// Returns nil if day, month, year, hour or minute is missing or out of range.
    public static func parse(_ input: String) -> MessageDate? {
        var text = input
        if let semicolon = text.lastIndex(of: ";") { text = String(text[text.index(after: semicolon)...]) }
        guard let tokens = tokenize(text) else { return nil }
        var values: [Int?] = [nil, nil, nil, nil, nil, nil]  // day month year hour minute second
        var slot = 0
        var zone: Int?
        var previousWasColon = false
        var sawColon = false
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            switch token {
            case .colon:
                previousWasColon = true
                sawColon = true
                index += 1
                continue
            case .number(let value, _):
                if slot == 5, sawColon, !previousWasColon, values[2] != nil {
                    // hh:mm followed by a number without a colon: no seconds; this is the zone.
                    slot = 6
                }
                if slot == 2, index + 1 < tokens.count, case .colon = tokens[index + 1] {
                    // asctime / ctime order ("Fri Feb 07 10:18:12 2003"): the year comes after the time.
                    values[3] = value
                    slot = 4
                } else if slot < 6 {
                    values[slot] = value
                    slot += 1
                } else if values[2] == nil {
                    values[2] = value
                } else if zone == nil {
                    zone = (value / 100) * 3_600 + (value % 100) * 60
                }
            case .zone(let sign, let value):
                if slot == 5 { slot = 6 }
                if zone == nil { zone = sign * ((value / 100) * 3_600 + (value % 100) * 60) }
            case .word(let word):
                let lower = word.lowercased()
                if let month = monthNumber(lower), slot <= 1, values[1] == nil {
                    values[1] = month
                    // "Jul 1 2003" (month first): the day still fills slot 0, then slot 1 is skipped below.
                    if slot == 1 { slot = 2 }
                } else if slot == 0, values.allSatisfy({ $0 == nil }), dayNames.contains(String(lower.prefix(3))) {
                    // day-of-week: ignored
                } else if slot >= 5 {
                    if slot == 5 { slot = 6 }
                    if zone == nil { zone = zoneOffset(lower) }
                } else {
                    return nil
                }
            }
            previousWasColon = false
            // Skip the month slot if a month name already filled it.
            if slot == 1, values[1] != nil { slot = 2 }
            index += 1
        }
        guard let day = values[0], let month = values[1], var year = values[2], let hour = values[3], let minute = values[4] else { return nil }
        let second = values[5] ?? 0
        if year < 50 { year += 2_000 } else if year < 100 { year += 1_900 } else if year < 1_000 { year += 1_900 }
        guard (1...31).contains(day), (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else {
            return nil
        }
        return MessageDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second, zoneOffsetSeconds: zone ?? 0)
    }

    private static let dayNames: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func monthNumber(_ word: String) -> Int? {
        guard word.count >= 3 else { return nil }
        let prefix = String(word.prefix(3))
        guard let index = monthNames.firstIndex(of: prefix) else { return nil }
        // Accept "jul", "july", "juli"…, but not random words that share three letters with extra junk.
        return word.count <= 9 ? index + 1 : nil
    }

    /// RFC 5322 section 4.3 obs-zone; unknown names and military letters count as +0000.
    private static func zoneOffset(_ word: String) -> Int {
        let hours: [String: Int] = ["ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
                                    "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "cet": 1, "cest": 2, "bst": 1, "jst": 9, "met": 1, "mest": 2, "eet": 2, "eest": 3]
        if let value = hours[word] { return value * 3_600 }
        let letters = String(word.prefix { $0.isLetter })
        if let value = hours[letters] { return value * 3_600 }
        return 0
    }

    /// Splits into numbers, words, signed zones and colons; comments (nested) removed.
    /// An unclosed comment makes the date unreadable.
    private static func tokenize(_ text: String) -> [Token]? {
        let bytes = Array(text.utf8)
        var tokens: [Token] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "(") {
                var depth = 0
                var closed = false
                while index < bytes.count {
                    if bytes[index] == UInt8(ascii: "\\") { index += 2; continue }
                    if bytes[index] == UInt8(ascii: "(") { depth += 1 }
                    if bytes[index] == UInt8(ascii: ")") {
                        depth -= 1
                        if depth == 0 { closed = true; index += 1; break }
                    }
                    index += 1
                }
                if !closed { return tokens.isEmpty ? nil : (hasTime(tokens) ? tokens : nil) }
                continue
            }
            if byte == UInt8(ascii: ":") { tokens.append(.colon); index += 1; continue }
            if byte == UInt8(ascii: "."), case .number = tokens.last, index + 1 < bytes.count, isDigit(bytes[index + 1]) {
                // Fractional seconds ("07:53:55.516"): ignored.
                index += 1
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
                continue
            }
            if (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")), index + 1 < bytes.count, isDigit(bytes[index + 1]) {
                var end = index + 1
                var value = 0
                while end < bytes.count, isDigit(bytes[end]), end - index <= 4 {
                    value = value * 10 + Int(bytes[end] - 48)
                    end += 1
                }
                tokens.append(.zone(sign: byte == UInt8(ascii: "-") ? -1 : 1, value: value))
                index = end
                continue
            }
            if isDigit(byte) {
                var end = index
                var value = 0
                while end < bytes.count, isDigit(bytes[end]) {
                    if end - index < 9 { value = value * 10 + Int(bytes[end] - 48) }
                    end += 1
                }
                tokens.append(.number(value, digits: end - index))
                index = end
                continue
            }
            if isLetter(byte) {
                var end = index
                while end < bytes.count, isLetter(bytes[end]) || isDigit(bytes[end]) { end += 1 }
                tokens.append(.word(String(decoding: bytes[index..<end], as: UTF8.self)))
                index = end
                continue
            }
            index += 1
        }
        return tokens
    }

    private static func hasTime(_ tokens: [Token]) -> Bool {
        tokens.contains { if case .colon = $0 { return true } else { return false } }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    private static func isLetter(_ byte: UInt8) -> Bool { (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) }

    /// RFC 5322 section 3.3 date-time for an outgoing Date header, e.g.
    /// "Thu, 26 Nov 2026 21:49:59 +0000".
    public static func format(_ date: Date, zoneOffsetSeconds: Int = 0) -> String {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + zoneOffsetSeconds
        let days = Int((Double(local) / 86_400).rounded(.down))
        let secondsOfDay = local - days * 86_400
        let (year, month, day) = MessageDate.civilFromDays(days)
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        let monthName = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1]
        let sign = zoneOffsetSeconds < 0 ? "-" : "+"
        let zone = abs(zoneOffsetSeconds) / 60
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday), \(day) \(monthName) \(year) \(two(secondsOfDay / 3_600)):\(two(secondsOfDay % 3_600 / 60)):\(two(secondsOfDay % 60)) \(sign)\(two(zone / 60))\(two(zone % 60))"
    }
}
