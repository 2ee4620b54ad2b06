import Foundation
import Testing
@testable import MailMessage

/// The iCalendar reader: content lines, folding, parameters, escapes, dates, durations,
/// zones and recurrence rules, and bad input that must end in an error, never a crash.
@Suite struct CalendarParserTests {
    private func parse(_ text: String) throws -> CalendarComponent {
        try CalendarParser.parse(Array(text.utf8))
    }

    @Test func unfoldsLinesAndReadsParameters() throws {
        let calendar = try parse("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nATTENDEE;CN=\"Müller, J\r\n ürgen\";PARTSTAT=ACCEPTED:mailto:j@x.test\r\nSUMMARY:a\\, b\\; c\\nd\\\\e\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        let event = try #require(calendar.components("VEVENT").first)
        let attendee = try #require(event.property("attendee"))
        #expect(attendee.parameter("cn") == "Müller, Jürgen")
        #expect(attendee.parameter("PARTSTAT") == "ACCEPTED")
        #expect(attendee.mailAddress == "j@x.test")
        #expect(event.property("SUMMARY")?.text == "a, b; c\nd\\e")
    }

    @Test func bareLineFeedsTabsAndAByteOrderMarkAreRead() throws {
        let calendar = try CalendarParser.parse([0xEF, 0xBB, 0xBF] + Array("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:long\n\t title\nEND:VEVENT\nEND:VCALENDAR\n".utf8))
        #expect(calendar.components("VEVENT").first?.property("SUMMARY")?.text == "long title")
    }

    @Test func badInputIsAnErrorNotACrash() {
        let bad = ["", "hello", "BEGIN:VEVENT\r\nEND:VCALENDAR\r\n", "BEGIN:\r\n",
                   String(repeating: "BEGIN:X\r\n", count: 50), "BEGIN:VCALENDAR\r\nDTSTART:2026\r\nEND:VCALENDAR"]
        for text in bad.prefix(5) {
            #expect(throws: CalendarError.self) { try CalendarParser.parse(Array(text.utf8)) }
        }
        #expect(throws: CalendarError.self) { try Invitation(Array("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".utf8)) }
        #expect(throws: CalendarError.self) { try CalendarTime(value: "2026-12-01") }
        #expect(throws: CalendarError.self) { try CalendarTime(value: "20261301T000000") }
        #expect(throws: CalendarError.self) { try CalendarTime(value: "20261201T250000") }
        // A calendar cut short is read up to where it ends.
        #expect((try? parse("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:cut"))?.components("VEVENT").count == 1)
    }

    @Test func aHugeCalendarIsReadInBoundedTime() throws {
        var text = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:20261201T100000Z\r\n"
        for number in 0..<60_000 { text += "ATTENDEE;CN=P\(number):mailto:p\(number)@example.test\r\n" }
        text += "END:VEVENT\r\nEND:VCALENDAR\r\n"
        let clock = ContinuousClock()
        var lines: [String] = []
        let elapsed = try clock.measure {
            lines = InvitationSummary(try Invitation(Array(text.utf8)), local: TimeZone(identifier: "UTC")!).lines
        }
        #expect(elapsed < .seconds(10), "\(elapsed)")
        #expect(lines.last == "            and 59900 more")
        // Over the line cap: an error, not a long parse.
        let tooLong = String(repeating: "X:y\r\n", count: CalendarParser.maxLines + 1)
        #expect(throws: CalendarError.self) { try CalendarParser.parse(Array(("BEGIN:VCALENDAR\r\n" + tooLong).utf8)) }
    }

    @Test func serializingFoldsAt75OctetsAndRoundTrips() throws {
        let property = CalendarProperty(name: "SUMMARY", parameters: [("CN", "a:b")], rawValue: String(repeating: "é", count: 60))
        let text = property.serialized
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
        let again = try parse("BEGIN:VCALENDAR\r\n" + text + "END:VCALENDAR\r\n")
        #expect(again.property("SUMMARY") == property)
    }

    @Test func datesAndTimes() throws {
        let date = try CalendarTime(value: "20261224")
        #expect(date.isDate && date.value == "20261224")
        let utc = try CalendarTime(value: "20261210T150000Z")
        #expect(utc.zone == .utc && utc.value == "20261210T150000Z")
        #expect(utc.date(in: TimeZone(identifier: "UTC")!) == Date(timeIntervalSince1970: 1_796_914_800))
        let named = try CalendarTime(CalendarProperty(name: "DTSTART", parameters: [("TZID", "Europe/Berlin")], rawValue: "20261214T090000"))
        #expect(named.zone == .named("Europe/Berlin"))
        #expect(CalendarDuration.seconds("PT1H30M") == 5_400)
        #expect(CalendarDuration.seconds("P1W") == 604_800)
        #expect(CalendarDuration.seconds("-P1DT2H") == -93_600)
        #expect(CalendarDuration.seconds("P") == nil)
        #expect(CalendarDuration.seconds("PT1X") == nil)
        #expect(CalendarDuration.seconds("P" + String(repeating: "99999999W", count: 50_000)) == nil, "no overflow")
    }

    @Test func windowsAndMozillaZoneNames() {
        #expect(CalendarTimeZones.systemZone("W. Europe Standard Time")?.identifier == "Europe/Berlin")
        #expect(CalendarTimeZones.systemZone("Eastern Standard Time")?.identifier == "America/New_York")
        #expect(CalendarTimeZones.systemZone("/mozilla.org/20070129_1/Europe/Paris")?.identifier == "Europe/Paris")
        #expect(CalendarTimeZones.systemZone("America/Chicago")?.identifier == "America/Chicago")
        #expect(CalendarTimeZones.systemZone("(UTC-05:00) Eastern Time (US & Canada)") == nil)
    }

    @Test func aVTimezoneAloneGivesTheOffset() throws {
        let calendar = try parse("""
            BEGIN:VCALENDAR\r
            BEGIN:VTIMEZONE\r
            TZID:Custom\r
            BEGIN:STANDARD\r
            DTSTART:16010101T020000\r
            TZOFFSETFROM:-0400\r
            TZOFFSETTO:-0500\r
            RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r
            END:STANDARD\r
            BEGIN:DAYLIGHT\r
            DTSTART:16010101T020000\r
            TZOFFSETFROM:-0500\r
            TZOFFSETTO:-0400\r
            RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r
            END:DAYLIGHT\r
            END:VTIMEZONE\r
            END:VCALENDAR\r

            """)
        let zones = CalendarTimeZones(calendar: calendar)
        let utc = TimeZone(identifier: "UTC")!
        // 14 March 2027 is the second Sunday: summer time (-4) from 02:00.
        let summer = try CalendarTime(value: "20270315T140000").with(zone: .named("Custom"))
        #expect(zones.date(summer, local: utc) == (try CalendarTime(value: "20270315T180000Z")).date(in: utc))
        let winter = try CalendarTime(value: "20270313T140000").with(zone: .named("Custom"))
        #expect(zones.date(winter, local: utc) == (try CalendarTime(value: "20270313T190000Z")).date(in: utc))
        // Back to standard time on 7 November 2027.
        let november = try CalendarTime(value: "20271108T090000").with(zone: .named("Custom"))
        #expect(zones.date(november, local: utc) == (try CalendarTime(value: "20271108T140000Z")).date(in: utc))
        #expect(zones.date(try CalendarTime(value: "20270101T000000").with(zone: .named("Nowhere")), local: utc) == nil)
    }

    @Test func recurrenceInWords() {
        #expect(RecurrenceRule("FREQ=WEEKLY;UNTIL=20270301T080000Z;INTERVAL=1;BYDAY=MO,WE;WKST=MO").words
                == "every week on Monday and Wednesday, until 2027-03-01")
        #expect(RecurrenceRule("FREQ=MONTHLY;COUNT=6;BYDAY=1TU").words == "every month on the first Tuesday, 6 times")
        #expect(RecurrenceRule("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR").words == "every weekday")
        #expect(RecurrenceRule("FREQ=YEARLY").words == "every year")
        #expect(RecurrenceRule("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;COUNT=1").words == "every 2 weeks on Friday, once")
        #expect(RecurrenceRule("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1").words == "every month on the last weekday")
        #expect(RecurrenceRule("FREQ=MONTHLY;BYDAY=MO,FR;BYSETPOS=1").words == "every month on the first of Monday and Friday")
        #expect(RecurrenceRule("FREQ=MONTHLY;BYDAY=TH;BYSETPOS=3").words == "every month on the third Thursday")
        #expect(RecurrenceRule("FREQ=MONTHLY;BYMONTHDAY=-1").words == "every month on the last day")
        #expect(RecurrenceRule("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25").words == "every year on day 25 in December")
        #expect(RecurrenceRule("FREQ=DAILY;BYHOUR=9").words == "every day (also BYHOUR=9)")
        #expect(RecurrenceRule("garbage").words == "repeats (garbage)")
    }

    @Test func ordinalWeekdays() {
        // March 2027: Sundays are the 7th, 14th, 21st and 28th.
        #expect(RecurrenceRule.day(of: .init(ordinal: 2, weekday: 1), year: 2027, month: 3) == 14)
        #expect(RecurrenceRule.day(of: .init(ordinal: -1, weekday: 1), year: 2027, month: 3) == 28)
        #expect(RecurrenceRule.day(of: .init(ordinal: 5, weekday: 1), year: 2027, month: 2) == nil)
    }
}

extension CalendarTime {
    func with(zone: Zone) -> CalendarTime {
        var copy = self
        copy.zone = zone
        return copy
    }
}
