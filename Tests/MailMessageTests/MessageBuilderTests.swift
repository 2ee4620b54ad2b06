import Foundation
import Testing
@testable import MailMessage

@Suite struct MessageBuilderTests {
    let builder = MessageBuilder(date: Date(timeIntervalSince1970: 1_795_729_799), uniqueToken: "tok123")
    let alice = Address(name: "Alice Äpfel", mailbox: "alice@example.test")
    let bob = Address(name: "Bob", mailbox: "bob@example.test")

    func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(separator: ASCII.lf, omittingEmptySubsequences: false)
    }

    /// CRLF everywhere, every line under 998 bytes.
    func checkWireFormat(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        for (index, byte) in bytes.enumerated() where byte == ASCII.lf {
            #expect(index > 0 && bytes[index - 1] == ASCII.cr, "bare LF at \(index)", sourceLocation: sourceLocation)
        }
        for (index, byte) in bytes.enumerated() where byte == ASCII.cr {
            #expect(index + 1 < bytes.count && bytes[index + 1] == ASCII.lf, "bare CR at \(index)", sourceLocation: sourceLocation)
        }
        #expect(lines(bytes).allSatisfy { $0.count < 998 }, sourceLocation: sourceLocation)
    }

    @Test func newMessageRoundTrips() throws {
        let draft = Draft(from: alice, to: [bob], cc: [Address(mailbox: "carol@example.test")], bcc: [Address(mailbox: "secret@example.test")],
                          subject: "Grüße — a subject that is long enough to need folding across more than one header line, really",
                          body: "Hallo Bob,\nüber 998? " + String(repeating: "x", count: 2_000) + "\n\nAlice\n",
                          attachments: [Draft.Attachment(filename: "Bericht für März.pdf", mediaType: "application/pdf", data: Array(0...255))])
        let built = try builder.build(draft)
        checkWireFormat(built.bytes)
        let text = String(decoding: built.bytes, as: UTF8.self)
        #expect(!text.contains("secret@example.test"), "Bcc never appears in the bytes")
        #expect(!text.lowercased().contains("\nbcc:"))
        #expect(text.contains("MIME-Version: 1.0\r\n"))
        #expect(text.contains("Message-ID: <tok123@example.test>\r\n"))
        #expect(text.contains("Date: Thu, 26 Nov 2026 21:49:59 +0000\r\n"))
        #expect(built.recipients == ["bob@example.test", "carol@example.test", "secret@example.test"])
        #expect(built.envelopeSender == "alice@example.test")

        let parsed = MIMEMessage(bytes: built.bytes)
        #expect(parsed.subject == draft.subject)
        #expect(parsed.from.addresses == [alice])
        #expect(parsed.to.addresses == [bob])
        #expect(parsed.cc.addresses.map(\.mailbox) == ["carol@example.test"])
        #expect(parsed.bcc.isEmpty)
        #expect(parsed.messageID == built.messageID)
        #expect(parsed.date == builder.date)
        let root = parsed.body
        #expect(root.children.count == 2)
        #expect(root.children[0].decodedText()?.text.replacingOccurrences(of: "\r\n", with: "\n") == draft.body)
        #expect(root.children[1].filename == "Bericht für März.pdf")
        #expect(root.children[1].decodedBody() == Array(0...255))
        #expect(root.children[1].mediaType.mimeType == "application/pdf")
    }

    @Test func eightBitChoiceAndASCIIBodies() throws {
        let eightBit = MessageBuilder(bodyEncoding: .eightBit, date: builder.date, uniqueToken: "t")
        let built = try eightBit.build(Draft(from: alice, to: [bob], subject: "s", body: "naïve\n"))
        #expect(String(decoding: built.bytes, as: UTF8.self).contains("Content-Transfer-Encoding: 8bit"))
        #expect(MIMEMessage(bytes: built.bytes).body.decodedText()?.text == "naïve\r\n")
        let ascii = try builder.build(Draft(from: alice, to: [bob], subject: "s", body: "plain\n"))
        #expect(String(decoding: ascii.bytes, as: UTF8.self).contains("Content-Transfer-Encoding: 7bit"))
    }

    @Test(arguments: [
        ("subject", "Subject"), ("name", "To"), ("mailbox", "To"), ("header", "X-Custom"), ("file", "attachment file name"),
    ])
    func lineBreaksInHeaderValuesAreRefused(kind: String, field: String) {
        var draft = Draft(from: alice, to: [bob], subject: "ok", body: "b")
        switch kind {
        case "subject": draft.subject = "Hi\r\nBcc: victim@example.test"
        case "name": draft.to = [Address(name: "Bob\nInjected: yes", mailbox: "bob@example.test")]
        case "mailbox": draft.to = [Address(mailbox: "bob@example.test\r\nX: y")]
        case "header": draft.extraHeaders = [["X-Custom", "v\0alue"]]
        default: draft.attachments = [Draft.Attachment(filename: "a\nb.txt", data: [1])]
        }
        #expect(throws: MessageBuildError.self) { try builder.build(draft) }
        do {
            _ = try builder.build(draft)
        } catch let error as MessageBuildError {
            #expect(error.description.contains(field), "\(error.description)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func overlongAddressesAndIDsAreRefused() {
        let long = String(repeating: "a", count: 300) + "@example.test"
        #expect(throws: MessageBuildError.self) { try builder.build(Draft(from: alice, to: [Address(mailbox: long)], subject: "s")) }
        #expect(throws: MessageBuildError.self) { try builder.build(Draft(from: alice, to: [bob], subject: "s", references: [String(repeating: "r", count: 1_000)])) }
        let manyReferences = (0..<200).map { "id\($0)@example.test" }
        let built = try? builder.build(Draft(from: alice, to: [bob], subject: "s", references: manyReferences))
        #expect(built.map { $0.bytes.split(separator: ASCII.lf).allSatisfy { $0.count < 998 } } == true)
        #expect(built.map { MIMEMessage(bytes: $0.bytes).references } == manyReferences)
    }

    @Test func managedFieldsCannotBeAddedAsExtraHeaders() {
        #expect(throws: MessageBuildError.invalidHeaderName("Bcc")) {
            try builder.build(Draft(from: alice, to: [bob], subject: "s", extraHeaders: [["Bcc", "x@example.test"]]))
        }
        let built = try? builder.build(Draft(from: alice, to: [bob], subject: "s", extraHeaders: [["X-Mailer-Note", "héllo"]]))
        #expect(built.map { MIMEMessage(bytes: $0.bytes).header("X-Mailer-Note")?.decodedValue } == "héllo")
    }

    @Test func noRecipientsIsAnError() {
        #expect(throws: MessageBuildError.noRecipients) { try builder.build(Draft(from: alice, subject: "s")) }
    }

    static let original = message([
        "From: Carol <carol@example.test>", "Reply-To: list@example.test", "To: alice@example.test, dave@example.test, Alice <ALICE@Example.test>",
        "Cc: bob@example.test, dave@example.test", "Subject: Re: RE: Plans", "Message-ID: <orig@example.test>", "References: <root@example.test> <mid@example.test>",
        "Date: Wed, 25 Nov 2026 09:00:00 +0000", "Content-Type: text/plain; charset=utf-8", "", "Line one", "> older quote", "",
    ])

    @Test func replyHonoursReplyToAndThreads() throws {
        let draft = MessageBuilder.replyDraft(to: Self.original, from: alice, body: "Sounds good.")
        #expect(draft.to.map(\.mailbox) == ["list@example.test"])
        #expect(draft.subject == "Re: Plans")
        #expect(draft.inReplyTo == ["orig@example.test"])
        #expect(draft.references == ["root@example.test", "mid@example.test", "orig@example.test"])
        // Bottom-posting by default: the attribution and the quote, then the reply.
        #expect(draft.body.hasPrefix("On Wed, 25 Nov 2026 09:00:00 +0000, Carol wrote:\n> Line one\n>> older quote"))
        #expect(draft.body.hasSuffix("\nSounds good."))
        let top = MessageBuilder.replyDraft(to: Self.original, from: alice, body: "Sounds good.", quoteStyle: .top)
        #expect(top.body.hasPrefix("Sounds good.\n\nOn Wed, 25 Nov 2026 09:00:00 +0000, Carol wrote:\n> Line one"))
        let room = MessageBuilder.replyDraft(to: Self.original, from: alice, quoteStyle: .top)
        #expect(room.body.hasPrefix("\nOn Wed, 25 Nov 2026"), "room above the quote for the reply")
        let built = try builder.build(draft)
        let parsed = MIMEMessage(bytes: built.bytes)
        #expect(parsed.inReplyTo == ["orig@example.test"])
        #expect(parsed.references == draft.references)
        #expect(parsed.subject == "Re: Plans")
        #expect(MessageBuilder.replySubject(parsed.subject) == "Re: Plans")
    }

    @Test func theQuoteLeavesOutTheSignature() {
        let signed = message(["From: Dan <dan@example.test>", "Subject: Hi", "Message-ID: <s@x>", "", "See you at 5.", "", "-- ",
                              "Dan Example", "+1 555 0100", ""])
        let draft = MessageBuilder.replyDraft(to: signed, from: alice)
        #expect(draft.body.contains("> See you at 5."))
        #expect(!draft.body.contains("Dan Example") && !draft.body.contains("555"), "\(draft.body)")
    }

    @Test func replyAllRemovesOwnAddressesAndDuplicates() {
        let draft = MessageBuilder.replyDraft(to: Self.original, from: alice, recipients: .all,
                                              own: OwnAddresses(addresses: ["alice@example.test"]))
        #expect(draft.to.map(\.mailbox) == ["list@example.test", "dave@example.test"])
        #expect(draft.cc.map(\.mailbox) == ["bob@example.test"])
        // Every identity and every alternate is left out, wherever it stands.
        let others = MessageBuilder.replyDraft(to: Self.original, from: Address(mailbox: "alice@lists.example.test"), recipients: .all,
                                               own: OwnAddresses(addresses: ["alice@example.test"], patterns: ["b*@example.test", "dav?@*"]))
        #expect(others.to.map(\.mailbox) == ["list@example.test"])
        #expect(others.cc.isEmpty)
    }

    @Test func aListReplyGoesToTheListOnly() {
        let draft = MessageBuilder.replyDraft(to: Self.original, from: alice, recipients: .list(Address(mailbox: "plans@lists.example.test")),
                                              own: OwnAddresses(patterns: ["*@lists.example.test"]))
        #expect(draft.to.map(\.mailbox) == ["plans@lists.example.test"], "an alternate pattern never removes the list")
        #expect(draft.cc.isEmpty)
        #expect(draft.subject == "Re: Plans")
    }

    @Test func signaturesGoBelowTheTextAndAboveAQuoteTopPosted() {
        let bottom = MessageBuilder.replyDraft(to: Self.original, from: alice, body: "Yes.", signature: "Alice\nExample Corp")
        #expect(bottom.body.hasSuffix("> older quote\n\nYes.\n-- \nAlice\nExample Corp\n"), "\(bottom.body)")
        let top = MessageBuilder.replyDraft(to: Self.original, from: alice, body: "Yes.", quoteStyle: .top, signature: "Alice")
        #expect(top.body.hasPrefix("Yes.\n-- \nAlice\n\nOn Wed, 25 Nov 2026"), "\(top.body)")
        let forward = MessageBuilder.forwardDraft(of: Self.original, from: alice, to: [bob], body: "FYI", signature: "Alice")
        #expect(forward.body.hasPrefix("FYI\n-- \nAlice\n\n---------- Forwarded message ----------"), "\(forward.body)")
        // The reply's own quote of a signed message still leaves the quoted signature out.
        let again = MessageBuilder.replyDraft(to: MIMEMessage(bytes: Array(bottom.body.utf8)), from: alice)
        #expect(!again.body.contains("Example Corp"))
    }

    @Test func forwardInlineAndAsAttachment() throws {
        let inline = MessageBuilder.forwardDraft(of: Self.original, from: alice, to: [bob], body: "FYI")
        #expect(inline.subject == "Fwd: Re: RE: Plans")
        #expect(inline.body.contains("---------- Forwarded message ----------"))
        #expect(inline.body.contains("Line one"))
        let attached = MessageBuilder.forwardDraft(of: Self.original, from: alice, to: [bob], asAttachment: true)
        let built = try builder.build(attached)
        checkWireFormat(built.bytes)
        let parsed = MIMEMessage(bytes: built.bytes)
        #expect(parsed.subject == "Fwd: Re: RE: Plans")
        let embedded = try #require(parsed.body.children.last?.embeddedMessage)
        #expect(embedded.messageID == "orig@example.test")
        #expect(embedded.subject == "Re: RE: Plans")
        #expect(MessageBuilder.forwardSubject("Fwd: FW: x") == "Fwd: x")
    }

    @Test func aBounceKeepsTheOriginalAndPrependsResentFields() throws {
        let original = Array("From: Carol <carol@example.test>\nTo: alice@example.test\nSubject: Plans\n\nBody\n".utf8)
        let built = try builder.buildResent(original, from: Address(name: "Älice", mailbox: "alice@example.test"),
                                            to: [bob, Address(mailbox: "BOB@example.test"), Address(mailbox: "dave@example.test")])
        #expect(built.recipients == ["bob@example.test", "dave@example.test"], "the Resent-To addresses, once each")
        #expect(built.envelopeSender == "alice@example.test")
        #expect(Array(built.bytes.suffix(original.count)) == original, "the original unchanged")
        let head = String(decoding: built.bytes.dropLast(original.count), as: UTF8.self)
        #expect(head.hasPrefix("Resent-From: =?utf-8?"), "\(head)")
        #expect(head.contains("\nResent-To: Bob <bob@example.test>, BOB@example.test, dave@example.test\nResent-Date: "))
        #expect(!head.contains("\r"), "the original's bare LF line ends are kept in the block")
        #expect(head.hasSuffix("Resent-Message-ID: <\(built.messageID)>\n"))
        #expect(throws: MessageBuildError.noRecipients) { try builder.buildResent(original, from: alice, to: []) }
        #expect(throws: MessageBuildError.lineBreakInHeader(field: "Resent-To")) {
            try builder.buildResent(original, from: alice, to: [Address(mailbox: "x@example.test\r\nBcc: y@example.test")])
        }
    }

    @Test func replyRoundTripWithNonASCII() throws {
        let original = message(["From: =?utf-8?B?w4lsb2TDrWU=?= <elodie@example.test>", "Subject: =?utf-8?Q?Caf=C3=A9?=", "Message-ID: <c@x>", "", "Bonjour"])
        let built = try builder.build(MessageBuilder.replyDraft(to: original, from: alice, body: "Merci ☕"))
        let parsed = MIMEMessage(bytes: built.bytes)
        #expect(parsed.subject == "Re: Café")
        #expect(parsed.to.addresses == [Address(name: "Élodíe", mailbox: "elodie@example.test")])
        let text = try #require(parsed.body.decodedText()).text
        #expect(text.hasPrefix("Élodíe wrote:"))
        #expect(text.replacingOccurrences(of: "\r\n", with: "\n").contains("> Bonjour\n\nMerci ☕"), "the reply under the quote")
    }
}
