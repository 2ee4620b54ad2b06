import Foundation

/// An iTIP message (REQUEST, CANCEL, REPLY) said in lines for the pager and
/// `merle show --text`: what it is, when (in the event's own zone and the reader's),
/// how it repeats, where, the organizer and each attendee's answer.
public struct InvitationSummary: Sendable {
    /// The methods shown as a summary; other calendars stay as they are.
    public static let summarisedMethods: Set<String> = ["REQUEST", "CANCEL", "REPLY"]

    public let invitation: Invitation
    /// The reader's zone: the second "When" line, and the zone of floating times.
    public let local: TimeZone

    public init(_ invitation: Invitation, local: TimeZone) {
        self.invitation = invitation
        self.local = local
    }

    /// What kind of calendar message it is, in words.
    public var title: String {
        // An event with a RECURRENCE-ID is one occurrence of a repeating event.
        let occurrence = invitation.event.property("RECURRENCE-ID") != nil
        switch invitation.method {
        case "CANCEL": return occurrence ? "Cancelled occurrence" : "Cancelled event"
        case "REPLY": return "Reply to an invitation"
        default:
            if invitation.status == "CANCELLED" { return occurrence ? "Cancelled occurrence" : "Cancelled event" }
            if occurrence { return "Changed occurrence" }
            return invitation.sequence > 0 ? "Updated invitation" : "Invitation"
        }
    }

    /// "Occurrence" (the one of a series this is about) and "Except" (EXDATEs) lines.
    var occurrenceLines: [(String, [String])] {
        var lines: [(String, [String])] = []
        if let id = invitation.event.property("RECURRENCE-ID").flatMap({ try? CalendarTime($0) }) {
            lines.append(("Occurrence", ["the one of \(id.isDate ? Self.day(id) : Self.span(id, id)) in the series"]))
        }
        let excepted = invitation.event.properties("EXDATE").flatMap { property in
            property.rawValue.split(separator: ",").compactMap { try? CalendarTime(value: String($0), tzid: property.parameter("TZID")) }
        }
        if !excepted.isEmpty {
            let shown = excepted.prefix(5).map { Self.day($0) }
            lines.append(("Except", [shown.joined(separator: ", ") + (excepted.count > 5 ? " and \(excepted.count - 5) more" : "")]))
        }
        return lines
    }

    /// The summary's lines (not yet sanitised for the terminal).
    public var lines: [String] {
        var lines: [String] = []
        func add(_ label: String, _ values: [String]) {
            for (index, value) in values.enumerated() {
                let head = index == 0 ? (label + ":").padding(toLength: 12, withPad: " ", startingAt: 0) : String(repeating: " ", count: 12)
                lines.append(head + value.replacingOccurrences(of: "\n", with: " "))
            }
        }
        add("Event", [invitation.summary.map { $0.isEmpty ? "(no title)" : $0 } ?? "(no title)"])
        if invitation.method == "REPLY" {
            add("Answer", invitation.attendees.map { "\($0.display) \(Self.statusWords($0.status))" })
        }
        add("When", when)
        if let rule = invitation.recurrence { add("Repeats", [rule.words]) }
        for (label, values) in occurrenceLines { add(label, values) }
        if let location = invitation.location, !location.isEmpty { add("Where", [location]) }
        if let organizer = invitation.organizer { add("Organizer", [organizer.display]) }
        if invitation.method != "REPLY" {
            let attendees = invitation.attendees.map { person -> String in
                let optional = person.role == "OPT-PARTICIPANT" ? " (optional)" : ""
                return "\(person.display)\(optional): \(Self.statusWords(person.status))"
            }
            // A list of thousands says nothing more than its first hundred and a count.
            let shown = attendees.count > 100 ? Array(attendees.prefix(100)) + ["and \(attendees.count - 100) more"] : attendees
            if !shown.isEmpty { add("Attendees", shown) }
        }
        return lines
    }

    static func statusWords(_ status: String) -> String {
        Invitation.ParticipationStatus(rawValue: status)?.words ?? status.lowercased()
    }

    /// The event's time in its own zone, then in the reader's when that differs.
    var when: [String] {
        guard let start = invitation.start else { return ["(no start time)"] }
        let end = invitation.end ?? start
        if start.isDate {
            // DTEND of a DATE is exclusive (RFC 5545 §3.6.1).
            let last = Self.dayBefore(end, orSameAs: start)
            let days = MessageDate.daysFromCivil(year: last.year, month: last.month, day: last.day)
                - MessageDate.daysFromCivil(year: start.year, month: start.month, day: start.day) + 1
            if days <= 1 { return ["\(Self.day(start)) (all day)"] }
            return ["\(Self.day(start)) – \(Self.day(last)) (all day, \(days) days)"]
        }
        let zones = CalendarTimeZones(calendar: invitation.calendar)
        let own: String
        switch start.zone {
        case .utc: own = "UTC"
        case .floating: own = "local time"
        case let .named(tzid): own = zones.displayName(tzid)
        }
        var lines = [Self.span(start, end) + " (\(own))"]
        if case .floating = start.zone { return lines }
        guard let startDate = zones.date(start, local: local), let endDate = zones.date(end, local: local) else {
            lines.append("(the time zone \(own) is unknown, so your time cannot be given)")
            return lines
        }
        if case let .named(tzid) = start.zone, CalendarTimeZones.systemZone(tzid)?.identifier == local.identifier { return lines }
        if case .utc = start.zone, ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Universal", "Etc/Universal", "Zulu"].contains(local.identifier) { return lines }
        lines.append(Self.span(Self.wall(startDate, in: local), Self.wall(endDate, in: local)) + " your time (\(local.identifier))")
        return lines
    }

    /// The wall-clock fields of a moment in a zone.
    static func wall(_ date: Date, in zone: TimeZone) -> CalendarTime {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return CalendarTime(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1,
                            hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0)
    }

    /// "Thu 10 Dec 2026 09:00–10:00", or both days when it ends on another.
    static func span(_ start: CalendarTime, _ end: CalendarTime) -> String {
        let sameDay = start.year == end.year && start.month == end.month && start.day == end.day
        if sameDay {
            if start.hour == end.hour, start.minute == end.minute { return "\(day(start)) \(clock(start))" }
            return "\(day(start)) \(clock(start))–\(clock(end))"
        }
        return "\(day(start)) \(clock(start)) – \(day(end)) \(clock(end))"
    }

    static func day(_ time: CalendarTime) -> String {
        let days = MessageDate.daysFromCivil(year: time.year, month: time.month, day: time.day)
        let weekday = ((days % 7 + 7) % 7 + 4) % 7
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(names[weekday]) \(time.day) \(months[max(0, min(11, time.month - 1))]) \(time.year)"
    }

    static func clock(_ time: CalendarTime) -> String {
        RecurrenceRule.two(time.hour) + ":" + RecurrenceRule.two(time.minute)
    }

    /// The last day an all-day event covers.
    static func dayBefore(_ end: CalendarTime, orSameAs start: CalendarTime) -> CalendarTime {
        let endDays = MessageDate.daysFromCivil(year: end.year, month: end.month, day: end.day)
        let startDays = MessageDate.daysFromCivil(year: start.year, month: start.month, day: start.day)
        let (year, month, day) = MessageDate.civilFromDays(max(startDays, endDays - 1))
        return CalendarTime(year: year, month: month, day: day, isDate: true)
    }
}
