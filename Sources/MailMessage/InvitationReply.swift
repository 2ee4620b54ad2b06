import Foundation

/// The iTIP REPLY (RFC 5546 §3.2.3) to an invitation: METHOD:REPLY, the event's UID,
/// SEQUENCE, RECURRENCE-ID, ORGANIZER, its times and title, a new DTSTAMP, and one
/// ATTENDEE line, the user's, with the answer as PARTSTAT. The VTIMEZONEs the times
/// name come along, so the reply reads on its own.
public enum InvitationReply {
    /// The answers a user can give.
    public enum Answer: String, Sendable, CaseIterable {
        case accept, tentative, decline

        public var status: Invitation.ParticipationStatus {
            switch self {
            case .accept: return .accepted
            case .tentative: return .tentative
            case .decline: return .declined
            }
        }

        /// Outlook's and Google's subject words: "Accepted: Planning".
        public var subjectWord: String {
            switch self {
            case .accept: return "Accepted"
            case .tentative: return "Tentative"
            case .decline: return "Declined"
            }
        }

        /// "has accepted" for the message's text.
        public var verb: String {
            switch self {
            case .accept: return "accepted"
            case .tentative: return "tentatively accepted"
            case .decline: return "declined"
            }
        }
    }

    /// Properties of the event that go into the reply as they were.
    static let copied: Set<String> = ["UID", "SEQUENCE", "RECURRENCE-ID", "ORGANIZER", "DTSTART", "DTEND", "DURATION", "SUMMARY", "LOCATION"]

    /// The REPLY calendar as text (CRLF, folded), or an error saying why the invitation
    /// cannot be answered.
    public static func calendar(answering invitation: Invitation, as attendee: Address, answer: Answer, stamp: Date) throws -> String {
        guard invitation.method == "REQUEST" else {
            let method = invitation.method.map { "METHOD:\($0)" } ?? "no METHOD"
            throw CalendarError("only an invitation (METHOD:REQUEST) can be answered; this calendar has \(method)")
        }
        guard invitation.uid != nil else { throw CalendarError("the invitation has no UID, so no answer could be matched to it") }
        guard invitation.organizer != nil else { throw CalendarError("the invitation names no organizer to answer") }
        var event = CalendarComponent(name: "VEVENT")
        let listed = invitation.attendee(matching: [attendee.mailbox])
        for property in invitation.event.properties where copied.contains(property.name) {
            event.properties.append(property)
        }
        event.properties.append(CalendarProperty(name: "DTSTAMP", rawValue: utcStamp(stamp)))
        var parameters: [(name: String, value: String)] = [("PARTSTAT", answer.status.rawValue)]
        // Google lists a guest without a name under their address; the user's own name is better.
        let listedName = listed?.name.flatMap { $0.isEmpty || $0.lowercased() == listed?.address.lowercased() ? nil : $0 }
        if let name = listedName ?? attendee.name, !name.isEmpty { parameters.append(("CN", name)) }
        let address = listed?.address ?? attendee.mailbox
        event.properties.append(CalendarProperty(name: "ATTENDEE", parameters: parameters, rawValue: "mailto:" + address))
        var calendar = CalendarComponent(name: "VCALENDAR", properties: [
            CalendarProperty(name: "PRODID", rawValue: "-//Merle//Merle mail reader//EN"),
            CalendarProperty(name: "VERSION", rawValue: "2.0"),
            CalendarProperty(name: "METHOD", rawValue: "REPLY"),
        ])
        // The zones the copied times name.
        let named = Set(event.properties.compactMap { $0.parameter("TZID") })
        calendar.components = invitation.calendar.components("VTIMEZONE").filter { zone in
            zone.property("TZID").map { named.contains($0.rawValue.trimmingMailWhitespace) } ?? false
        }
        calendar.components.append(event)
        return calendar.serialized
    }

    /// The reply as a draft to the organizer: "Accepted: TITLE", a line of text, and the
    /// calendar as a text/calendar alternative; threaded under the invitation.
    public static func draft(answering invitation: Invitation, message: MIMEMessage, from: Address, answer: Answer, stamp: Date) throws -> Draft {
        let calendar = try calendar(answering: invitation, as: from, answer: answer, stamp: stamp)
        guard let organizer = invitation.organizer else { throw CalendarError("the invitation names no organizer to answer") }
        let title = invitation.summary ?? "(no title)"
        let who = from.name.map { "\($0) <\(from.mailbox)>" } ?? from.mailbox
        var draft = Draft(from: from, to: [Address(name: organizer.name, mailbox: organizer.address)],
                          subject: "\(answer.subjectWord): \(title.replacingOccurrences(of: "\n", with: " "))",
                          body: "\(who) has \(answer.verb) the invitation \"\(title.replacingOccurrences(of: "\n", with: " "))\".\n")
        draft.calendar = Draft.Calendar(method: "REPLY", text: calendar)
        if let id = message.messageID {
            draft.inReplyTo = [id]
            draft.references = Array((message.references + [id]).suffix(20))
        }
        return draft
    }

    /// A DATE-TIME in UTC: `20261207T013000Z`.
    static func utcStamp(_ date: Date) -> String {
        let wall = InvitationSummary.wall(date, in: TimeZone(identifier: "UTC")!)
        return CalendarTime(year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute,
                            second: wall.second, zone: .utc).value
    }
}
