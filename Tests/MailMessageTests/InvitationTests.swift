import Foundation
import Testing
@testable import MailMessage

/// Invitations as Outlook/Exchange, Google Calendar and Thunderbird write them
/// (Tests/Fixtures/invitations, see its README): the summary the pager and
/// `merle show --text` give, and the iTIP REPLY.
@Suite struct InvitationTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/invitations")
    static let london = TimeZone(identifier: "Europe/London")!

    static func message(_ name: String) throws -> MIMEMessage {
        MessageParser.parse([UInt8](try Data(contentsOf: folder.appendingPathComponent(name))))
    }

    private func rendered(_ name: String, in zone: TimeZone = InvitationTests.london) throws -> RenderedMessage {
        MessageRenderer(timeZone: zone).render(try Self.message(name))
    }

    /// The summary's lines: from the calendar heading to the first blank line.
    private func summary(_ rendered: RenderedMessage) -> [String] {
        Array(rendered.bodyText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).prefix { !$0.isEmpty })
    }

    @Test func outlookWindowsZoneWeeklyRecurrence() throws {
        let rendered = try rendered("outlook-request.eml")
        #expect(summary(rendered) == [
            "---------- Calendar: Invitation (part 4) ----------",
            "Event:      Quarterly planning",
            "When:       Mon 14 Dec 2026 09:00–10:00 (Europe/Berlin)",
            "            Mon 14 Dec 2026 08:00–09:00 your time (Europe/London)",
            "Repeats:    every week on Monday and Wednesday, until 2027-03-01",
            "Where:      Room 4; Building B",
            "Organizer:  Ada Lovelace <ada@example.test>",
            "Attendees:  Carol Shaw <carol@example.test>: has not answered",
            "            Müller, Jürgen <juergen@example.test> (optional): has not answered",
        ])
        #expect(rendered.invitation?.method == "REQUEST")
        #expect(rendered.invitationPart == 4)
        #expect(rendered.attachments.map(\.safeFilename) == ["invite-4.ics"], "the calendar can be saved as .ics")
        #expect(!rendered.bodyText.contains("BEGIN:VCALENDAR"))
    }

    @Test func theReadersZoneIsSaidOnlyWhenItDiffers() throws {
        let rendered = try rendered("outlook-request.eml", in: TimeZone(identifier: "Europe/Berlin")!)
        #expect(summary(rendered)[2] == "When:       Mon 14 Dec 2026 09:00–10:00 (Europe/Berlin)")
        #expect(summary(rendered)[3].hasPrefix("Repeats:"))
        let tokyo = try self.rendered("thunderbird-request.eml", in: TimeZone(identifier: "Asia/Tokyo")!)
        #expect(summary(tokyo)[3] == "            Wed 6 Jan 2027 00:30–02:00 your time (Asia/Tokyo)")
    }

    @Test func exchangeZoneKnownOnlyByItsVTimezone() throws {
        let lines = summary(try rendered("outlook-custom-zone.eml"))
        #expect(lines[0] == "---------- Calendar: Updated invitation (part 3) ----------")
        #expect(lines[2] == "When:       Mon 15 Mar 2027 14:00–15:00 ((UTC-05:00) Eastern Time (US & Canada))")
        // 15 March 2027 is past the second Sunday: -04:00, so 18:00 in London (still GMT).
        #expect(lines[3] == "            Mon 15 Mar 2027 18:00–19:00 your time (Europe/London)")
    }

    @Test func outlookCancellation() throws {
        let rendered = try rendered("outlook-cancel.eml")
        let lines = summary(rendered)
        #expect(lines[0] == "---------- Calendar: Cancelled event (part 1) ----------")
        #expect(lines[1] == "Event:      Canceled: Quarterly planning")
        #expect(rendered.invitation?.method == "CANCEL")
        #expect(!rendered.bodyText.contains("BEGIN:VEVENT"), "the calendar is not shown again as text")
    }

    @Test func googleUTCTimesAndBothCalendarParts() throws {
        let rendered = try rendered("google-request.eml", in: TimeZone(identifier: "America/New_York")!)
        #expect(summary(rendered) == [
            "---------- Calendar: Invitation (part 5) ----------",
            "Event:      Café tasting ☕",
            "When:       Thu 10 Dec 2026 15:00–15:30 (UTC)",
            "            Thu 10 Dec 2026 10:00–10:30 your time (America/New_York)",
            "Where:      Café Central, Vienna",
            "Organizer:  Björk Guðmundsdóttir <bjork@example.test>",
            "Attendees:  Björk Guðmundsdóttir <bjork@example.test>: accepted",
            "            carol@example.test: has not answered",
            "            Ken Thompson <ken@example.test>: declined",
        ])
        #expect(rendered.attachments.map(\.filename) == ["(calendar)", "invite.ics"])
    }

    @Test func googleAllDayOverThreeDays() throws {
        let lines = summary(try rendered("google-allday.eml"))
        #expect(lines[2] == "When:       Thu 24 Dec 2026 – Sat 26 Dec 2026 (all day, 3 days)")
        #expect(lines[3] == "Repeats:    every year")
    }

    @Test func googleReplySaysWhoAnsweredWhat() throws {
        let lines = summary(try rendered("google-reply.eml"))
        #expect(lines[0] == "---------- Calendar: Reply to an invitation (part 3) ----------")
        #expect(lines[2] == "Answer:     Ken Thompson <ken@example.test> tentative")
        #expect(!lines.contains { $0.hasPrefix("Attendees:") })
    }

    @Test func thunderbirdIANAZoneMonthlyRule() throws {
        let lines = summary(try rendered("thunderbird-request.eml"))
        #expect(lines[2] == "When:       Tue 5 Jan 2027 16:30–18:00 (Europe/Berlin)")
        #expect(lines[3] == "            Tue 5 Jan 2027 15:30–17:00 your time (Europe/London)")
        #expect(lines[4] == "Repeats:    every month on the first Tuesday, 6 times")
        #expect(lines.contains("            Linus Pauling <linus@example.test> (optional): tentative"))
    }

    @Test func oneOccurrenceAndExceptions() throws {
        let cancelled = try Invitation(Array("""
            BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\nUID:series-1\r\nSUMMARY:Stand-up\r\n\
            RECURRENCE-ID;TZID=W. Europe Standard Time:20261216T090000\r\n\
            DTSTART;TZID=W. Europe Standard Time:20261216T090000\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n
            """.utf8))
        let summary = InvitationSummary(cancelled, local: Self.london)
        #expect(summary.title == "Cancelled occurrence")
        #expect(summary.lines.contains("Occurrence: the one of Wed 16 Dec 2026 09:00 in the series"))
        let series = try Invitation(Array("""
            BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:series-2\r\nSUMMARY:Stand-up\r\n\
            DTSTART;TZID=Europe/Berlin:20261214T090000\r\nRRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR\r\n\
            EXDATE;TZID=Europe/Berlin:20261224T090000,20261225T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n
            """.utf8))
        let lines = InvitationSummary(series, local: Self.london).lines
        #expect(lines.contains("Repeats:    every weekday"))
        #expect(lines.contains("Except:     Thu 24 Dec 2026, Fri 25 Dec 2026"))
    }

    @Test func aBrokenCalendarIsShownAsItIs() throws {
        let raw = "From: a@example.test\r\nTo: b@example.test\r\nSubject: x\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\nBEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
        let rendered = MessageRenderer().render(MessageParser.parse(Array(raw.utf8)))
        #expect(rendered.invitation == nil)
        #expect(rendered.bodyText.contains("BEGIN:VCALENDAR"), "no event: the text is shown as it is")
    }

    @Test func aHostileCalendarCannotDriveTheTerminal() throws {
        let raw = "From: a@example.test\r\nSubject: x\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\nBEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:\u{1B}[31mred\u{1B}]52;c;aGk=\u{07}\u{202E}\r\nDTSTART:20261201T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        let rendered = MessageRenderer().render(MessageParser.parse(Array(raw.utf8)))
        #expect(rendered.invitation != nil)
        #expect(DisplaySanitizer.isSafe(rendered.bodyText))
    }
}
