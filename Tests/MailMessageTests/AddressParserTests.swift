import Testing
@testable import MailMessage

@Suite struct AddressParserTests {
    @Test func groupsCommentsAndQuotedLocalParts() {
        let list = AddressParser.parseList(#"Team: "Ann, B." <ann@x.test>, bob@x.test (Bob);, "odd local"@y.test, <z@z.test>"#)
        #expect(list.items.count == 3)
        guard case .group(let name, let members) = list.items[0] else {
            Issue.record("first item should be a group")
            return
        }
        #expect(name == "Team")
        #expect(members == [Address(name: "Ann, B.", mailbox: "ann@x.test"), Address(name: "Bob", mailbox: "bob@x.test")])
        #expect(list.addresses.map(\.mailbox) == ["ann@x.test", "bob@x.test", #""odd local"@y.test"#, "z@z.test"])
    }

    @Test func runsOfSeparatorsYieldNoEmptyEntries() {
        // CVE-2021-3181 (mutt): runs of ";" and "," in an address field.
        let hostile = String(repeating: ";,", count: 20_000) + "a@b.test" + String(repeating: ",;", count: 20_000)
        let list = AddressParser.parseList(hostile)
        #expect(list.addresses.map(\.mailbox) == ["a@b.test"])
    }

    @Test func encodedWordNamesDecode() {
        let list = AddressParser.parseList("=?ISO-8859-1?Q?Keld_J=F8rn?= =?utf-8?b?U2ltb25zZW4=?= <keld@dkuug.dk>")
        #expect(list.addresses.first?.name == "Keld JørnSimonsen")
        #expect(list.addresses.first?.mailbox == "keld@dkuug.dk")
    }

    @Test func undisclosedRecipientsGroup() {
        let list = AddressParser.parseList("undisclosed-recipients:;")
        #expect(list.items == [.group(name: "undisclosed-recipients", members: [])])
        #expect(list.addresses.isEmpty)
    }

    @Test func unbalancedQuotesAndBracketsDoNotFail() {
        let list = AddressParser.parseList(#""Unclosed <a@b.test>, <c@d.test"#)
        #expect(list.addresses.count <= 2)
        _ = AddressParser.parseList("<<<<>>>>,,,\"\"\"((((")
    }

    @Test func headerFormattingRoundTrips() {
        let addresses = [
            Address(name: "Plain Name", mailbox: "p@x.test"),
            Address(name: "Doe, John \"JD\"", mailbox: "jd@x.test"),
            Address(name: "Zoë Ünïcode", mailbox: "z@x.test"),
            Address(name: nil, mailbox: "bare@x.test"),
        ]
        let header = AddressList(addresses).headerString
        #expect(header.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(AddressParser.parseList(header).addresses == addresses)
    }

    @Test func displayFormatting() {
        #expect(Address(name: "A", mailbox: "a@x.test").displayString == "A <a@x.test>")
        #expect(Address(mailbox: "a@x.test").displayString == "a@x.test")
        #expect(AddressList(items: [.group(name: "G", members: [Address(mailbox: "a@x.test")])]).displayString == "G: a@x.test;")
    }
}
