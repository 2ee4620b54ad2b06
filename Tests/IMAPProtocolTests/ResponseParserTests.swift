import Testing
@testable import IMAPProtocol

func parse(_ text: String) throws -> Response {
    try ResponseParser().parse(Array((text + "\r\n").utf8))
}

func untagged(_ text: String) throws -> UntaggedResponse? {
    guard case let .untagged(response) = try parse(text) else { return nil }
    return response
}

/// Parameterised fixtures: input, expected value (or error).
@Suite struct ResponseParserTests {
    @Test func tagged() throws {
        #expect(try parse("A1 OK [READ-WRITE] SELECT completed") ==
            .tagged(TaggedResponse(tag: "A1", status: .ok, text: ResponseText(code: .readWrite, text: "SELECT completed"))))
        #expect(try parse("a2 no [AUTHENTICATIONFAILED] Authentication failed.") ==
            .tagged(TaggedResponse(tag: "a2", status: .no, text: ResponseText(code: .authenticationFailed, text: "Authentication failed."))))
        #expect(try parse("A3 BAD Error in IMAP command") ==
            .tagged(TaggedResponse(tag: "A3", status: .bad, text: ResponseText(text: "Error in IMAP command"))))
    }

    @Test func continuation() throws {
        #expect(try parse("+ idling") == .continuation(Array("idling".utf8)))
        #expect(try parse("+") == .continuation([]))
        #expect(try parse("+ ") == .continuation([]))
    }

    @Test func greetings() throws {
        #expect(try untagged("* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] Dovecot ready.") ==
            .condition(.ok, ResponseText(code: .capability(["IMAP4rev1", "STARTTLS", "AUTH=PLAIN"]), text: "Dovecot ready.")))
        #expect(try untagged("* PREAUTH IMAP4rev1 server logged in as Smith") ==
            .condition(.preauth, ResponseText(text: "IMAP4rev1 server logged in as Smith")))
        #expect(try untagged("* BYE Autologout; idle for too long") == .condition(.bye, ResponseText(text: "Autologout; idle for too long")))
    }

    @Test(arguments: [
        ("[ALERT] x", ResponseCode.alert),
        ("[BADCHARSET (UTF-8 US-ASCII)] x", .badCharset(["UTF-8", "US-ASCII"])),
        ("[BADCHARSET] x", .badCharset([])),
        ("[PARSE] x", .parse),
        ("[PERMANENTFLAGS (\\Deleted \\Seen \\*)] x", .permanentFlags([.deleted, .seen, .wildcard])),
        ("[READ-ONLY] x", .readOnly),
        ("[TRYCREATE] x", .tryCreate),
        ("[UIDNEXT 4392] x", .uidNext(4392)),
        ("[UIDVALIDITY 3857529045] x", .uidValidity(UIDValidity(3857529045))),
        ("[UNSEEN 12] x", .unseen(12)),
        ("[HIGHESTMODSEQ 715194045007] x", .highestModSeq(715194045007)),
        ("[NOMODSEQ] x", .noModSeq),
        ("[MODIFIED 7,9] x", .modified(SequenceSet([SequenceRange(7), SequenceRange(9)]))),
        ("[APPENDUID 38505 3955] x", .appendUID(UIDValidity(38505), SequenceSet([SequenceRange(3955)]))),
        ("[COPYUID 38505 304,319:320 3956:3958] x", .copyUID(UIDValidity(38505),
            source: SequenceSet([SequenceRange(304), SequenceRange(319, 320)]), destination: SequenceSet([SequenceRange(3956, 3958)]))),
        ("[UIDNOTSTICKY] x", .uidNotSticky),
        ("[CLOSED] x", .closed),
        ("[OVERQUOTA] x", .overQuota),
        ("[WEBALERT https://example.com/x?a=[1]] x", .other(name: "WEBALERT", value: "https://example.com/x?a=[1]")),
        ("[X-UNKNOWN] x", .other(name: "X-UNKNOWN", value: nil)),
    ])
    func responseCodes(_ text: String, _ code: ResponseCode) throws {
        #expect(try parse("A1 OK " + text) == .tagged(TaggedResponse(tag: "A1", status: .ok, text: ResponseText(code: code, text: "x"))))
    }

    @Test func untaggedData() throws {
        #expect(try untagged("* CAPABILITY IMAP4rev1 IDLE LITERAL+ ") == .capability(["IMAP4rev1", "IDLE", "LITERAL+"]))
        #expect(try untagged("* ENABLED QRESYNC CONDSTORE") == .enabled(["QRESYNC", "CONDSTORE"]))
        #expect(try untagged("* ENABLED") == .enabled([]))
        #expect(try untagged("* FLAGS (\\Answered \\Flagged $Forwarded)") == .flags([.answered, .flagged, "$Forwarded"]))
        #expect(try untagged("* 172 EXISTS") == .exists(172))
        #expect(try untagged("* 1 RECENT") == .recent(1))
        #expect(try untagged("* 44 EXPUNGE") == .expunge(44))
        #expect(try untagged("* SEARCH 2 84 882") == .search([2, 84, 882], modSeq: nil))
        #expect(try untagged("* SEARCH") == .search([], modSeq: nil))
        #expect(try untagged("* SEARCH 2 5 6 (MODSEQ 917162500)") == .search([2, 5, 6], modSeq: 917162500))
        #expect(try untagged("* VANISHED (EARLIER) 41,43:116") ==
            .vanished(SequenceSet([SequenceRange(41), SequenceRange(43, 116)]), earlier: true))
        #expect(try untagged("* VANISHED 405") == .vanished(SequenceSet([SequenceRange(405)]), earlier: false))
        #expect(try untagged("* ID (\"name\" \"Dovecot\" \"version\" NIL)") == .id([IDField("name", "Dovecot"), IDField("version", nil)]))
        #expect(try untagged("* ID NIL") == .id(nil))
        #expect(try untagged("* NAMESPACE ((\"\" \"/\")) NIL NIL") ==
            .other(keyword: "NAMESPACE", number: nil, values: [.list([.list([.string([]), .string([0x2F])])]), .nil, .nil]))
        #expect(try untagged("* QUOTA \"\" (STORAGE 10 512)") ==
            .other(keyword: "QUOTA", number: nil, values: [.string([]), .list([.atom("STORAGE"), .atom("10"), .atom("512")])]))
    }

    @Test func esearch() throws {
        #expect(try untagged("* ESEARCH (TAG \"A282\") UID MIN 2 COUNT 3 ALL 2,10:11 MODSEQ 917162500") ==
            .esearch(ESearchResponse(correlator: "A282", uid: true, min: 2, count: 3,
                                     all: SequenceSet([SequenceRange(2), SequenceRange(10, 11)]), modSeq: 917162500)))
        #expect(try untagged("* ESEARCH (TAG \"A1\") UID") == .esearch(ESearchResponse(correlator: "A1", uid: true)))
    }

    @Test func list() throws {
        #expect(try untagged("* LIST (\\HasNoChildren \\Sent) \"/\" Sent") ==
            .list(MailboxInfo(attributes: [.hasNoChildren, .sent], delimiter: UInt8(ascii: "/"), name: "Sent")))
        #expect(try untagged("* LIST () NIL inbox") == .list(MailboxInfo(attributes: [], delimiter: nil, name: .inbox)))
        #expect(try untagged("* LIST (\\Subscribed) \".\" \"Foo\" (CHILDINFO (\"SUBSCRIBED\"))") ==
            .list(MailboxInfo(attributes: [.subscribed], delimiter: UInt8(ascii: "."), name: "Foo", childInfo: ["SUBSCRIBED"])))
        #expect(try untagged("* LSUB () \"/\" {7}\r\nA \"b\\ c") ==
            .lsub(MailboxInfo(attributes: [], delimiter: UInt8(ascii: "/"), name: "A \"b\\ c")))
        // Modified UTF-7 names are decoded.
        #expect(try untagged("* LIST () \"/\" \"Entw&APw-rfe\"") ==
            .list(MailboxInfo(attributes: [], delimiter: UInt8(ascii: "/"), name: "Entwürfe")))
    }

    @Test func status() throws {
        #expect(try untagged("* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292 UIDVALIDITY 7 UNSEEN 3 HIGHESTMODSEQ 9 SIZE 100)") ==
            .status("blurdybloop", MailboxStatus(messages: 231, uidNext: 44292, uidValidity: UIDValidity(7), unseen: 3,
                                                 size: 100, highestModSeq: 9)))
        #expect(try untagged("* STATUS INBOX (APPENDLIMIT NIL)") == .status(.inbox, MailboxStatus(appendLimit: .some(nil))))
    }

    @Test func fetchSimpleItems() throws {
        #expect(try untagged("* 12 FETCH (UID 4827313 FLAGS (\\Seen) MODSEQ (65402) RFC822.SIZE 44827 INTERNALDATE \"17-Jul-1996 02:44:25 -0700\")") ==
            .fetch(12, [.uid(4827313), .flags([.seen]), .modSeq(65402), .rfc822Size(44827), .internalDate("17-Jul-1996 02:44:25 -0700")]))
        #expect(InternalDate("17-Jul-1996 02:44:25 -0700") ==
            InternalDate(year: 1996, month: 7, day: 17, hour: 2, minute: 44, second: 25, zoneMinutes: -420))
        #expect(InternalDate(" 7-Jul-1996 02:44:25 +0000")?.description == "07-Jul-1996 02:44:25 +0000")
    }

    @Test func fetchSections() throws {
        #expect(try untagged("* 1 FETCH (BODY[] {5}\r\nHello UID 7)") ==
            .fetch(1, [.bodySection(.complete, origin: nil, data: Array("Hello".utf8)), .uid(7)]))
        #expect(try untagged("* 1 FETCH (BODY[1.2.HEADER.FIELDS (FROM \"TO\")]<10> \"x\")") ==
            .fetch(1, [.bodySection(SectionSpecifier(part: [1, 2], kind: .headerFields(["FROM", "TO"])), origin: 10, data: [0x78])]))
        #expect(try untagged("* 1 FETCH (BODY[2.MIME] NIL)") ==
            .fetch(1, [.bodySection(SectionSpecifier(part: [2], kind: .mime), origin: nil, data: nil)]))
        #expect(try untagged("* 1 FETCH (BINARY[1] ~{3}\r\n\0\u{1}\u{2} BINARY.SIZE[1] 3)") ==
            .fetch(1, [.binary(part: [1], origin: nil, data: [0, 1, 2]), .binarySize(part: [1], size: 3)]))
        #expect(try untagged("* 1 FETCH (RFC822.HEADER {2}\r\nab RFC822.TEXT NIL RFC822 \"c\")") ==
            .fetch(1, [.rfc822Header([0x61, 0x62]), .rfc822Text(nil), .rfc822([0x63])]))
        #expect(try untagged("* 1 FETCH (X-GM-MSGID 1278455344230334865 X-GM-LABELS (\\Inbox \"Foo Bar\"))") ==
            .fetch(1, [.other(name: "X-GM-MSGID", value: .atom("1278455344230334865")),
                       .other(name: "X-GM-LABELS", value: .list([.atom("\\Inbox"), .string(Array("Foo Bar".utf8))]))]))
    }

    @Test func bodyStructureWithExtensionData() throws {
        let line = "* 1 FETCH (BODYSTRUCTURE ((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 120 4 NIL NIL NIL NIL)"
            + "(\"application\" \"pdf\" (\"name\" \"a.pdf\") \"<id>\" \"desc\" \"base64\" 2000 \"md5\" (\"attachment\" (\"filename\" \"a.pdf\")) (\"en\" \"de\") \"loc\" 1 (x))"
            + "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 300 (NIL \"s\" NIL NIL NIL NIL NIL NIL NIL NIL) (\"text\" \"plain\" NIL NIL NIL \"7bit\" 10 1) 12)"
            + " \"mixed\" (\"boundary\" \"b\") NIL NIL NIL))"
        guard case let .multipart(multipart)? = try fetchedBody(line) else {
            Issue.record("no multipart")
            return
        }
        #expect(multipart.subtype == "mixed")
        #expect(multipart.extensionData?.parameters == [BodyParameter("boundary", "b")])
        #expect(multipart.parts.count == 3)
        guard case let .singlepart(pdf) = multipart.parts[1], case let .singlepart(message) = multipart.parts[2] else {
            Issue.record("parts")
            return
        }
        #expect(pdf.extensionData == BodyExtension(md5: "md5", disposition: BodyDisposition(kind: "attachment", parameters: [BodyParameter("filename", "a.pdf")]),
                                                   language: ["en", "de"], location: "loc", extensions: [.atom("1"), .list([.atom("x")])]))
        #expect(pdf.id == "<id>")
        guard case let .message(envelope, inner, lines) = message.kind else {
            Issue.record("message kind")
            return
        }
        #expect(envelope.subject == "s")
        #expect(inner.mimeType == "text/plain")
        #expect(lines == 12)
    }

    @Test func sequenceSets() throws {
        #expect(try SequenceSet(parsing: "1:4,7,9:*") ==
            SequenceSet([SequenceRange(1, 4), SequenceRange(7), SequenceRange(9, SequenceRange.star)]))
        #expect(try SequenceSet(parsing: "1:4,7,9:*").description == "1:4,7,9:*")
        #expect(SequenceSet([3, 1, 2, 7, 9, 8]).description == "1:3,7:9")
        #expect(try SequenceSet(parsing: "5:3").values() == [5, 4, 3])
        #expect(SequenceSet.all.values(limit: 3) == [1, 2, 3])
        for bad in ["1,", "1,,2", "", ",1", "0", "1:", "a", "1:2,*:", "99999999999"] {
            #expect(throws: IMAPProtocolError.self, "\(bad)") { try SequenceSet(parsing: bad) }
        }
    }

    @Test func malformedIsAnErrorNotACrash() throws {
        for bad in ["* 1 FETCH (UID)", "* LIST (", "A1 MAYBE", "* 1 FETCH (BODY[] {5}\r\nab", "* OK [UIDNEXT abc] x",
                    "* OK [APPENDUID 1 2,] x", "* OK [COPYUID 1 1:2,] x", "* 4294967296 EXISTS", "* ESEARCH ALL 1,",
                    "* STATUS INBOX (MESSAGES", "* 1 FETCH (ENVELOPE (\"a\"))", "* VANISHED 1:"] {
            #expect(throws: IMAPProtocolError.self, "\(bad)") { try parse(bad) }
        }
    }

    @Test func deepNestingIsBounded() throws {
        let depth = 10_000
        let body = String(repeating: "(", count: depth) + "\"text\" \"plain\" NIL NIL NIL \"7bit\" 1 1)" + String(repeating: " \"mixed\")", count: depth - 1)
        #expect(throws: IMAPProtocolError.nestingTooDeep(limit: 100)) { try parse("* 1 FETCH (BODYSTRUCTURE \(body))") }
        let generic = String(repeating: "(", count: depth) + String(repeating: ")", count: depth)
        #expect(throws: IMAPProtocolError.nestingTooDeep(limit: 100)) { try parse("* THREAD \(generic)") }
        // Within the limit it parses.
        let shallow = String(repeating: "(", count: 20) + "\"text\" \"plain\" NIL NIL NIL \"7bit\" 1 1)" + String(repeating: " \"mixed\")", count: 19)
        #expect(throws: Never.self) { try parse("* 1 FETCH (BODYSTRUCTURE \(shallow))") }
    }

    @Test func thousandsOfParts() throws {
        let part = "(\"text\" \"plain\" NIL NIL NIL \"7bit\" 1 1)"
        let body = "(" + String(repeating: part, count: 5000) + " \"mixed\")"
        guard case let .multipart(multipart)? = try fetchedBody("* 1 FETCH (BODYSTRUCTURE \(body))") else {
            Issue.record("no multipart")
            return
        }
        #expect(multipart.parts.count == 5000)
    }
}

/// The body structure of a one-item FETCH line.
func fetchedBody(_ text: String) throws -> BodyStructure? {
    guard case let .fetch(_, attributes)? = try untagged(text), attributes.count == 1,
          case let .bodyStructure(body, _) = attributes[0] else { return nil }
    return body
}

func fetchedSinglePart(_ text: String) throws -> BodyStructure.SinglePart? {
    guard case let .singlepart(part)? = try fetchedBody(text) else { return nil }
    return part
}
