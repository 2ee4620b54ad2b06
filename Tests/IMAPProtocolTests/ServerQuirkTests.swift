import Testing
@testable import IMAPProtocol

/// Each real-server quirk the parser tolerates on purpose, kept as a test.
@Suite struct ServerQuirkTests {
    @Test func emptyListWhereNILBelongs() throws {
        // Seen from several servers: `()` for an empty parameter list or disposition.
        guard let part = try fetchedSinglePart("* 1 FETCH (BODYSTRUCTURE (\"text\" \"plain\" () NIL NIL \"7bit\" 1 1 NIL () NIL NIL))") else {
            Issue.record("no body")
            return
        }
        #expect(part.parameters.isEmpty)
        #expect(part.extensionData?.disposition == nil)
        guard case let .fetch(_, attributes)? = try untagged("* 1 FETCH (ENVELOPE (NIL NIL () NIL NIL NIL NIL NIL NIL NIL))"),
              case let .envelope(envelope)? = attributes.first else {
            Issue.record("no envelope")
            return
        }
        #expect(envelope.from.isEmpty)
    }

    @Test func trailingSpace() throws {
        #expect(try untagged("* SEARCH 1 2 ") == .search([1, 2], modSeq: nil))
        #expect(try untagged("* CAPABILITY IMAP4rev1 IDLE ") == .capability(["IMAP4rev1", "IDLE"]))
        #expect(try parse("A1 OK done ") == .tagged(TaggedResponse(tag: "A1", status: .ok, text: ResponseText(text: "done"))))
        #expect(try untagged("* 1 FETCH (UID 1 FLAGS (\\Seen) )") == .fetch(1, [.uid(1), .flags([.seen])]))
    }

    @Test func gmailFlagsWithBrackets() throws {
        #expect(try untagged("* FLAGS (\\Seen [Gmail]/Label $Label[1])") == .flags([.seen, "[Gmail]/Label", "$Label[1]"]))
        #expect(try parse("* OK [PERMANENTFLAGS (\\Seen $X] \\*)] Flags permitted.") ==
            .untagged(.condition(.ok, ResponseText(code: .permanentFlags([.seen, "$X]", .wildcard]), text: "Flags permitted."))))
    }

    @Test func missingResponseText() throws {
        #expect(try parse("A1 OK") == .tagged(TaggedResponse(tag: "A1", status: .ok, text: ResponseText())))
        #expect(try parse("A1 OK [READ-ONLY]") == .tagged(TaggedResponse(tag: "A1", status: .ok, text: ResponseText(code: .readOnly))))
        #expect(try untagged("* NO") == .condition(.no, ResponseText()))
    }

    @Test func lowerCaseKeywords() throws {
        #expect(try untagged("* 1 fetch (uid 5 flags (\\seen) body[] {1}\r\nx)") ==
            .fetch(1, [.uid(5), .flags([.seen]), .bodySection(.complete, origin: nil, data: [0x78])]))
        #expect(try untagged("* ok [uidvalidity 3] x") == .condition(.ok, ResponseText(code: .uidValidity(UIDValidity(3)), text: "x")))
        #expect(try untagged("* list (\\noselect) \"/\" foo") ==
            .list(MailboxInfo(attributes: [.noSelect], delimiter: UInt8(ascii: "/"), name: "foo")))
    }

    @Test func nilWhereAStringBelongs() throws {
        guard let part = try fetchedSinglePart("* 1 FETCH (BODY (\"text\" NIL NIL NIL NIL NIL NIL NIL))") else {
            Issue.record("no body")
            return
        }
        #expect(part.subtype == "")
        #expect(part.encoding == "")
        #expect(part.size == 0)
        #expect(try untagged("* 1 FETCH (INTERNALDATE NIL)") == .fetch(1, [.internalDate("")]))
    }

    @Test func messageRFC822WithoutEnvelope() throws {
        guard let part = try fetchedSinglePart("* 1 FETCH (BODYSTRUCTURE (\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 100 NIL NIL NIL NIL))") else {
            Issue.record("no body")
            return
        }
        #expect(part.kind == BodyStructure.Kind.basic)
    }

    @Test func doubleSpaces() throws {
        #expect(try untagged("* 1 FETCH (UID  5)") == .fetch(1, [.uid(5)]))
    }

    @Test func eightBitMailboxNameWithoutUTF8Enabled() throws {
        #expect(try untagged("* LIST () \"/\" \"Entwürfe\"") ==
            .list(MailboxInfo(attributes: [], delimiter: UInt8(ascii: "/"), name: "Entwürfe")))
    }
}
