import Foundation
import Testing
@testable import MailMessage

@Suite struct DateParserTests {
    @Test func rfc5322Date() throws {
        let date = try #require(DateParser.parse("Fri, 21 Nov 1997 09:55:06 -0600"))
        #expect(date.year == 1997 && date.month == 11 && date.day == 21)
        #expect(date.zoneOffsetSeconds == -21_600)
        #expect(date.date.timeIntervalSince1970 == 880_127_706)
    }

    @Test(arguments: [
        ("21 Nov 97 09:55:06 GMT", 1997, 0),
        ("Wed, 27 Jun 49 04:11 +0900", 2049, 32_400),
        ("Sun, 27 Oct 2002 23:57:07 EST", 2002, -18_000),
        ("Thu, 10 Jul 1997 14:53:31 PDT", 1997, -25_200),
        ("Thu, 10 Jul 1997 14:53:31 A", 1997, 0),
        ("Fri Feb  7 10:18:12 2003", 2003, 0),
    ])
    func obsoleteForms(text: String, year: Int, zone: Int) throws {
        let date = try #require(DateParser.parse(text))
        #expect(date.year == year)
        #expect(date.zoneOffsetSeconds == zone)
    }

    @Test(arguments: ["", "garbage", "13 zzz 2021 09:55:06 +0200", "Tue, 7 00 2026 19:14:51 +0000", "32 Jan 2020 10:00 +0000", String(repeating: "9", count: 100_000)])
    func invalidDatesAreNil(text: String) {
        #expect(DateParser.parse(text) == nil)
    }

    @Test func formatProducesParseableRFC5322() throws {
        let date = Date(timeIntervalSince1970: 1_795_729_799)
        let text = DateParser.format(date, zoneOffsetSeconds: 3_600)
        #expect(text == "Thu, 26 Nov 2026 22:49:59 +0100")
        #expect(try #require(DateParser.parse(text)).date == date)
    }
}
