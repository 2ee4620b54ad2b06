import Foundation
import Testing
@testable import MailMessage

/// The iTIP REPLY (RFC 5546 §3.2.3) to the sample invitations, read back by Merle and by
/// a real iCalendar parser, Python's `icalendar` (scripts/install-deps installs it).
@Suite struct InvitationReplyTests {
    static let carol = Address(name: "Carol Shaw", mailbox: "carol@example.test")
    static let stamp = Date(timeIntervalSince1970: 1_796_608_800)

    private func invitation(_ name: String) throws -> (Invitation, MIMEMessage) {
        let message = try InvitationTests.message(name)
        let rendered = MessageRenderer().render(message)
        return (try #require(rendered.invitation), message)
    }

    /// What Python's icalendar reads from the reply: method, and per VEVENT the fields
    /// an organizer's calendar matches the answer by.
    private func pythonRead(_ calendar: String) throws -> [String: String] {
        let script = """
            import sys, json, icalendar
            cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
            events = [c for c in cal.walk('VEVENT')]
            assert len(events) == 1, len(events)
            e = events[0]
            attendees = e.get('ATTENDEE')
            assert not isinstance(attendees, list), 'one ATTENDEE only'
            start = e.decoded('DTSTART')
            print(json.dumps({
                'method': str(cal.get('METHOD')), 'uid': str(e.get('UID')), 'sequence': str(e.get('SEQUENCE', '0')),
                'attendee': str(attendees), 'partstat': str(attendees.params.get('PARTSTAT')), 'cn': str(attendees.params.get('CN')),
                'organizer': str(e.get('ORGANIZER')), 'dtstamp': e.decoded('DTSTAMP').isoformat(),
                'start': start.isoformat(), 'zones': ','.join(str(z.get('TZID')) for z in cal.walk('VTIMEZONE')),
            }))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(calendar.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Issue.record("python3 icalendar failed (scripts/install-deps installs it): \(problem)")
            return [:]
        }
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    @Test func outlookAcceptedReadsBackInPythonsICalendar() throws {
        let (invitation, _) = try invitation("outlook-request.eml")
        let text = try InvitationReply.calendar(answering: invitation, as: Self.carol, answer: .accept, stamp: Self.stamp)
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
        let read = try pythonRead(text)
        #expect(read["method"] == "REPLY")
        #expect(read["uid"] == invitation.uid)
        #expect(read["sequence"] == "0")
        #expect(read["attendee"] == "mailto:carol@example.test")
        #expect(read["partstat"] == "ACCEPTED")
        #expect(read["cn"] == "Carol Shaw")
        #expect(read["organizer"] == "mailto:ada@example.test")
        #expect(read["dtstamp"] == "2026-12-07T02:00:00+00:00")
        #expect(read["start"] == "2026-12-14T09:00:00+01:00", "the Windows zone's VTIMEZONE comes along")
        #expect(read["zones"] == "W. Europe Standard Time")
        // Merle reads its own reply back as one.
        let again = try Invitation(Array(text.utf8))
        #expect(again.method == "REPLY" && again.attendees.count == 1 && again.attendees[0].status == "ACCEPTED")
        #expect(again.event.property("RRULE") == nil && again.event.property("DESCRIPTION") == nil)
    }

    @Test func updatedExchangeInvitationKeepsItsSequenceAndOddZoneName() throws {
        let (invitation, _) = try invitation("outlook-custom-zone.eml")
        let text = try InvitationReply.calendar(answering: invitation, as: Address(name: nil, mailbox: "CAROL@example.test"), answer: .decline, stamp: Self.stamp)
        let read = try pythonRead(text)
        #expect(read["sequence"] == "2")
        #expect(read["partstat"] == "DECLINED")
        #expect(read["attendee"] == "mailto:carol@example.test", "the address as the invitation lists it")
        #expect(read["zones"] == "(UTC-05:00) Eastern Time (US & Canada)")
    }

    @Test func googleAndThunderbirdTentative() throws {
        for name in ["google-request.eml", "thunderbird-request.eml", "google-allday.eml"] {
            let (invitation, _) = try invitation(name)
            let read = try pythonRead(try InvitationReply.calendar(answering: invitation, as: Self.carol, answer: .tentative, stamp: Self.stamp))
            #expect(read["partstat"] == "TENTATIVE", "\(name)")
            #expect(read["uid"] == invitation.uid, "\(name)")
        }
    }

    @Test func onlyARequestCanBeAnswered() throws {
        for name in ["outlook-cancel.eml", "google-reply.eml"] {
            let (invitation, _) = try invitation(name)
            #expect(throws: CalendarError.self) {
                try InvitationReply.calendar(answering: invitation, as: Self.carol, answer: .accept, stamp: Self.stamp)
            }
        }
    }

    @Test func theMessageGoesToTheOrganizerWithTheCalendarAsAnAlternative() throws {
        let (invitation, message) = try invitation("google-request.eml")
        let draft = try InvitationReply.draft(answering: invitation, message: message, from: Self.carol, answer: .accept, stamp: Self.stamp)
        #expect(draft.to.map(\.mailbox) == ["bjork@example.test"])
        #expect(draft.subject == "Accepted: Café tasting ☕")
        #expect(draft.inReplyTo == ["calendar-0e7a1c2b-3d4e-4f50-8a9b-0c1d2e3f4a5b@google.com"])
        let built = try MessageBuilder(date: Self.stamp, uniqueToken: "tok").build(draft)
        let sent = MessageParser.parse(built.bytes)
        #expect(sent.body.mediaType.mimeType == "multipart/alternative")
        let calendarPart = try #require(sent.body.children.last)
        #expect(calendarPart.mediaType.mimeType == "text/calendar")
        #expect(calendarPart.mediaType.parameter("method") == "REPLY")
        let read = try Invitation(calendarPart.decodedBody())
        #expect(read.method == "REPLY" && read.attendees.first?.status == "ACCEPTED")
        #expect(read.summary == "Café tasting ☕", "non-ASCII text survives (base64)")
        // Shown in a reader, it is a reply.
        #expect(MessageRenderer().render(sent).bodyText.contains("Answer:     Carol Shaw <carol@example.test> accepted"))
    }
}
