import Foundation

/// A calendar message in the terms of iTIP (RFC 5546): its METHOD and the event it is
/// about (the first VEVENT; a recurring event's exceptions come after it).
public struct Invitation: Sendable, Hashable {
    /// An attendee's answer (PARTSTAT, RFC 5545 §3.2.12).
    public enum ParticipationStatus: String, Sendable, Hashable, CaseIterable {
        case needsAction = "NEEDS-ACTION", accepted = "ACCEPTED", declined = "DECLINED", tentative = "TENTATIVE", delegated = "DELEGATED"

        /// How the summary says it.
        public var words: String {
            switch self {
            case .needsAction: return "has not answered"
            case .accepted: return "accepted"
            case .declined: return "declined"
            case .tentative: return "tentative"
            case .delegated: return "delegated"
            }
        }
    }

    /// An ORGANIZER or ATTENDEE.
    public struct Person: Sendable, Hashable {
        public var address: String
        public var name: String?
        /// ATTENDEE only: its PARTSTAT as written (NEEDS-ACTION when missing).
        public var status: String
        /// REQ-PARTICIPANT, OPT-PARTICIPANT, CHAIR …
        public var role: String?

        /// "Name <address>" or the address.
        public var display: String {
            guard let name, !name.isEmpty, name.lowercased() != address.lowercased() else { return address }
            return "\(name) <\(address)>"
        }
    }

    /// REQUEST, CANCEL, REPLY, PUBLISH … (upper-cased); nil when the calendar has none.
    public var method: String?
    /// The whole calendar, for the reply (its VTIMEZONEs) and for export.
    public var calendar: CalendarComponent
    /// The event: the first VEVENT that is not an exception of another (no RECURRENCE-ID),
    /// else the first VEVENT.
    public var event: CalendarComponent

    public var uid: String? { event.property("UID")?.rawValue.trimmingMailWhitespace }
    public var sequence: Int { event.property("SEQUENCE").flatMap { Int($0.rawValue.trimmingMailWhitespace) } ?? 0 }
    public var summary: String? { event.property("SUMMARY")?.text }
    public var location: String? { event.property("LOCATION")?.text }
    /// STATUS (CONFIRMED, TENTATIVE, CANCELLED).
    public var status: String? { event.property("STATUS")?.rawValue.trimmingMailWhitespace.uppercased() }
    public var start: CalendarTime? { event.property("DTSTART").flatMap { try? CalendarTime($0) } }
    public var recurrence: RecurrenceRule? { event.property("RRULE").map { RecurrenceRule($0.rawValue) } }

    /// The end: DTEND, else DTSTART plus DURATION, else (RFC 5545 §3.6.1) the start
    /// itself for a timed event and the next day for a DATE. For a DATE the end is
    /// exclusive: an event on 25 December ends on the 26th.
    public var end: CalendarTime? {
        if let end = event.property("DTEND").flatMap({ try? CalendarTime($0) }) { return end }
        guard let start else { return nil }
        let seconds = event.property("DURATION").flatMap { CalendarDuration.seconds($0.rawValue) } ?? (start.isDate ? 86_400 : 0)
        let wall = CalendarTimeZones.wallSeconds(start) + seconds
        let days = Int((Double(wall) / 86_400).rounded(.down))
        let (year, month, day) = MessageDate.civilFromDays(days)
        let rest = wall - days * 86_400
        return CalendarTime(year: year, month: month, day: day, hour: rest / 3_600, minute: rest % 3_600 / 60,
                            second: rest % 60, isDate: start.isDate, zone: start.zone)
    }

    public var organizer: Person? { event.property("ORGANIZER").map { Self.person($0) } }
    public var attendees: [Person] { event.properties("ATTENDEE").map { Self.person($0) } }

    /// Reads the calendar in `bytes`; an error when it is no calendar or holds no event.
    public init(_ bytes: [UInt8]) throws {
        try self.init(calendar: CalendarParser.parse(bytes))
    }

    public init(calendar: CalendarComponent) throws {
        guard calendar.name == "VCALENDAR" else { throw CalendarError("the calendar starts with \(calendar.name), not VCALENDAR") }
        let events = calendar.components("VEVENT")
        guard let event = events.first(where: { $0.property("RECURRENCE-ID") == nil }) ?? events.first else {
            throw CalendarError("the calendar holds no event (VEVENT)")
        }
        self.calendar = calendar
        self.event = event
        method = calendar.property("METHOD")?.rawValue.trimmingMailWhitespace.uppercased()
    }

    /// The attendee whose address is one of `addresses` (any case), if any.
    public func attendee(matching addresses: [String]) -> Person? {
        let wanted = Set(addresses.map { $0.lowercased() })
        return attendees.first { wanted.contains($0.address.lowercased()) }
    }

    static func person(_ property: CalendarProperty) -> Person {
        Person(address: property.mailAddress, name: property.parameter("CN").map { CalendarProperty.unescape($0).trimmingMailWhitespace },
               status: property.parameter("PARTSTAT")?.uppercased() ?? "NEEDS-ACTION", role: property.parameter("ROLE")?.uppercased())
    }
}
