import Foundation

/// Turns a TZID into a time zone: an IANA name the system knows (also behind a
/// Thunderbird-style `/mozilla.org/…/Europe/Berlin` prefix), a Windows zone name as
/// Outlook and Exchange write them, else the calendar's own VTIMEZONE (RFC 5545 §3.6.5),
/// whose STANDARD and DAYLIGHT rules are evaluated here.
public struct CalendarTimeZones: Sendable, Hashable {
    /// The VTIMEZONE components of a calendar, by TZID.
    let definitions: [String: CalendarComponent]

    public init(calendar: CalendarComponent) {
        var definitions: [String: CalendarComponent] = [:]
        for zone in calendar.components("VTIMEZONE") {
            if let id = zone.property("TZID")?.rawValue.trimmingMailWhitespace, definitions[id] == nil { definitions[id] = zone }
        }
        self.definitions = definitions
    }

    /// The system zone a TZID names, if any (IANA, then the Windows names).
    public static func systemZone(_ tzid: String) -> TimeZone? {
        let id = tzid.trimmingMailWhitespace
        if id.contains("/"), !id.hasPrefix("/"), let zone = TimeZone(identifier: id) { return zone }
        if id.hasPrefix("/") {
            // "/mozilla.org/20070129_1/Europe/Berlin", "/softwarestudio.org/Olson_20011030_5/America/New_York".
            let pieces = id.split(separator: "/")
            for count in [3, 2] where pieces.count >= count {
                if let zone = TimeZone(identifier: pieces.suffix(count).joined(separator: "/")) { return zone }
            }
        }
        if let iana = windowsZones[id] ?? windowsZones[id.replacingOccurrences(of: "\"", with: "")], let zone = TimeZone(identifier: iana) {
            return zone
        }
        if id == "UTC" || id == "GMT" || id == "Etc/UTC" { return TimeZone(identifier: "UTC") }
        return nil
    }

    /// A name to show for the TZID: the IANA name when one is known, else the TZID.
    public func displayName(_ tzid: String) -> String {
        Self.systemZone(tzid)?.identifier ?? tzid
    }

    /// The moment a calendar time stands for; floating times are read in `local`.
    /// Nil when the TZID is unknown and no VTIMEZONE defines it.
    public func date(_ time: CalendarTime, local: TimeZone) -> Date? {
        switch time.zone {
        case .utc: return time.date(in: TimeZone(identifier: "UTC")!)
        case .floating: return time.date(in: local)
        case let .named(tzid):
            if let zone = Self.systemZone(tzid) { return time.date(in: zone) }
            guard let definition = definitions[tzid.trimmingMailWhitespace] else { return nil }
            guard let offset = Self.offset(at: time, in: definition), let wall = time.date(in: TimeZone(identifier: "UTC")!) else { return nil }
            return wall.addingTimeInterval(-Double(offset))
        }
    }

    /// Whether the TZID can be turned into moments.
    public func knows(_ tzid: String) -> Bool {
        Self.systemZone(tzid) != nil || definitions[tzid.trimmingMailWhitespace] != nil
    }

    // MARK: VTIMEZONE

    /// The UTC offset in seconds at a wall-clock time, from the observance (STANDARD or
    /// DAYLIGHT) whose latest onset is at or before it.
    static func offset(at time: CalendarTime, in zone: CalendarComponent) -> Int? {
        let wall = wallSeconds(time)
        var best: (onset: Int, offset: Int)?
        var earliest: (onset: Int, offsetFrom: Int)?
        for observance in zone.components where observance.name == "STANDARD" || observance.name == "DAYLIGHT" {
            guard let start = observance.property("DTSTART").flatMap({ try? CalendarTime(value: $0.rawValue) }),
                  let to = observance.property("TZOFFSETTO").flatMap({ utcOffset($0.rawValue) }) else { continue }
            let from = observance.property("TZOFFSETFROM").flatMap { utcOffset($0.rawValue) } ?? to
            let first = wallSeconds(start)
            if earliest == nil || first < earliest!.onset { earliest = (first, from) }
            var onsets = [first]
            if let rule = observance.property("RRULE").map({ RecurrenceRule($0.rawValue) }), rule.frequency == .yearly {
                for year in [time.year - 1, time.year] where year >= start.year {
                    if let onset = yearlyOnset(rule, year: year, start: start) { onsets.append(wallSeconds(onset)) }
                }
            }
            for rdate in observance.properties("RDATE") {
                for piece in rdate.rawValue.split(separator: ",") {
                    if let date = try? CalendarTime(value: String(piece)) { onsets.append(wallSeconds(date)) }
                }
            }
            for onset in onsets where onset <= wall && onset >= first {
                if best == nil || onset > best!.onset { best = (onset, to) }
            }
        }
        return best?.offset ?? earliest?.offsetFrom
    }

    /// The onset of a yearly rule in `year`: BYMONTH with BYDAY ("-1SU", "2SU") or
    /// BYMONTHDAY, at DTSTART's time of day.
    static func yearlyOnset(_ rule: RecurrenceRule, year: Int, start: CalendarTime) -> CalendarTime? {
        if let until = rule.until, until.year < year { return nil }
        let month = rule.byMonth.first ?? start.month
        var day = start.day
        if let weekday = rule.byDay.first {
            guard let found = RecurrenceRule.day(of: weekday, year: year, month: month) else { return nil }
            day = found
        } else if let monthDay = rule.byMonthDay.first, monthDay > 0 {
            day = monthDay
        }
        return CalendarTime(year: year, month: month, day: day, hour: start.hour, minute: start.minute, second: start.second)
    }

    /// Seconds since 1970 of the wall-clock fields read as UTC (for comparing wall times).
    static func wallSeconds(_ time: CalendarTime) -> Int {
        let days = MessageDate.daysFromCivil(year: time.year, month: time.month, day: time.day)
        return days * 86_400 + time.hour * 3_600 + time.minute * 60 + time.second
    }

    /// A UTC-OFFSET value (§3.3.14): `+HHMM` or `+HHMMSS`.
    static func utcOffset(_ raw: String) -> Int? {
        let text = Array(raw.trimmingMailWhitespace.utf8)
        guard text.count == 5 || text.count == 7, text[0] == UInt8(ascii: "+") || text[0] == UInt8(ascii: "-"),
              text.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let digits = text.dropFirst().map { Int($0 - 0x30) }
        var seconds = (digits[0] * 10 + digits[1]) * 3_600 + (digits[2] * 10 + digits[3]) * 60
        if digits.count == 6 { seconds += digits[4] * 10 + digits[5] }
        return text[0] == UInt8(ascii: "-") ? -seconds : seconds
    }

    /// The Windows zone names Outlook and Exchange write as TZIDs, to IANA names
    /// (from CLDR's windowsZones.xml, territory 001).
    static let windowsZones: [String: String] = [
        "Dateline Standard Time": "Etc/GMT+12", "UTC-11": "Etc/GMT+11", "Hawaiian Standard Time": "Pacific/Honolulu",
        "Alaskan Standard Time": "America/Anchorage", "Pacific Standard Time": "America/Los_Angeles",
        "Pacific Standard Time (Mexico)": "America/Tijuana", "US Mountain Standard Time": "America/Phoenix",
        "Mountain Standard Time": "America/Denver", "Mountain Standard Time (Mexico)": "America/Mazatlan",
        "Central America Standard Time": "America/Guatemala", "Central Standard Time": "America/Chicago",
        "Central Standard Time (Mexico)": "America/Mexico_City", "Canada Central Standard Time": "America/Regina",
        "SA Pacific Standard Time": "America/Bogota", "Eastern Standard Time": "America/New_York",
        "US Eastern Standard Time": "America/Indianapolis", "Venezuela Standard Time": "America/Caracas",
        "Atlantic Standard Time": "America/Halifax", "SA Western Standard Time": "America/La_Paz",
        "Pacific SA Standard Time": "America/Santiago", "Newfoundland Standard Time": "America/St_Johns",
        "E. South America Standard Time": "America/Sao_Paulo", "Argentina Standard Time": "America/Buenos_Aires",
        "SA Eastern Standard Time": "America/Cayenne", "Greenland Standard Time": "America/Godthab",
        "UTC-02": "Etc/GMT+2", "Azores Standard Time": "Atlantic/Azores", "Cape Verde Standard Time": "Atlantic/Cape_Verde",
        "UTC": "Etc/UTC", "Coordinated Universal Time": "Etc/UTC", "GMT Standard Time": "Europe/London",
        "Greenwich Standard Time": "Atlantic/Reykjavik", "W. Europe Standard Time": "Europe/Berlin",
        "Central Europe Standard Time": "Europe/Budapest", "Romance Standard Time": "Europe/Paris",
        "Central European Standard Time": "Europe/Warsaw", "W. Central Africa Standard Time": "Africa/Lagos",
        "GTB Standard Time": "Europe/Bucharest", "E. Europe Standard Time": "Europe/Chisinau",
        "Egypt Standard Time": "Africa/Cairo", "South Africa Standard Time": "Africa/Johannesburg",
        "FLE Standard Time": "Europe/Kiev", "Israel Standard Time": "Asia/Jerusalem", "Jordan Standard Time": "Asia/Amman",
        "Turkey Standard Time": "Europe/Istanbul", "Arabic Standard Time": "Asia/Baghdad", "Arab Standard Time": "Asia/Riyadh",
        "Russian Standard Time": "Europe/Moscow", "E. Africa Standard Time": "Africa/Nairobi", "Iran Standard Time": "Asia/Tehran",
        "Arabian Standard Time": "Asia/Dubai", "Afghanistan Standard Time": "Asia/Kabul", "Pakistan Standard Time": "Asia/Karachi",
        "West Asia Standard Time": "Asia/Tashkent", "India Standard Time": "Asia/Calcutta", "Sri Lanka Standard Time": "Asia/Colombo",
        "Nepal Standard Time": "Asia/Katmandu", "Central Asia Standard Time": "Asia/Almaty", "Bangladesh Standard Time": "Asia/Dhaka",
        "Myanmar Standard Time": "Asia/Rangoon", "SE Asia Standard Time": "Asia/Bangkok", "China Standard Time": "Asia/Shanghai",
        "Singapore Standard Time": "Asia/Singapore", "W. Australia Standard Time": "Australia/Perth",
        "Taipei Standard Time": "Asia/Taipei", "Tokyo Standard Time": "Asia/Tokyo", "Korea Standard Time": "Asia/Seoul",
        "Cen. Australia Standard Time": "Australia/Adelaide", "AUS Central Standard Time": "Australia/Darwin",
        "E. Australia Standard Time": "Australia/Brisbane", "AUS Eastern Standard Time": "Australia/Sydney",
        "Tasmania Standard Time": "Australia/Hobart", "West Pacific Standard Time": "Pacific/Port_Moresby",
        "New Zealand Standard Time": "Pacific/Auckland", "Fiji Standard Time": "Pacific/Fiji", "Tonga Standard Time": "Pacific/Tongatapu",
        "Morocco Standard Time": "Africa/Casablanca", "Namibia Standard Time": "Africa/Windhoek",
        "Russia Time Zone 3": "Europe/Samara", "Ekaterinburg Standard Time": "Asia/Yekaterinburg",
        "N. Central Asia Standard Time": "Asia/Novosibirsk", "North Asia Standard Time": "Asia/Krasnoyarsk",
        "North Asia East Standard Time": "Asia/Irkutsk", "Yakutsk Standard Time": "Asia/Yakutsk",
        "Vladivostok Standard Time": "Asia/Vladivostok", "Magadan Standard Time": "Asia/Magadan",
        "Kaliningrad Standard Time": "Europe/Kaliningrad", "Belarus Standard Time": "Europe/Minsk",
        "Georgian Standard Time": "Asia/Tbilisi", "Caucasus Standard Time": "Asia/Yerevan", "Azerbaijan Standard Time": "Asia/Baku",
        "Mountain Standard Time (Arizona)": "America/Phoenix", "Cuba Standard Time": "America/Havana",
        "Paraguay Standard Time": "America/Asuncion", "Montevideo Standard Time": "America/Montevideo",
        "Syria Standard Time": "Asia/Damascus", "Middle East Standard Time": "Asia/Beirut", "Ulaanbaatar Standard Time": "Asia/Ulaanbaatar",
        "Hong Kong Standard Time": "Asia/Hong_Kong",
    ]
}
