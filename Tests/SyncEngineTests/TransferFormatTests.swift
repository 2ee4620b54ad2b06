import Foundation
import Testing
@testable import SyncEngine

/// The pieces of Maildir and mbox that import and export share: flags in file names and
/// in Status lines, From lines, quoting, line ends.
@Suite struct TransferFormatTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func maildirInfoLettersAreFlags() {
        #expect(MaildirFlags.flags(fileName: "1733400008.4242_8.host,U=8:2,FRS") == ["\\Flagged", "\\Answered", "\\Seen"])
        #expect(MaildirFlags.flags(fileName: "1733400008.4242_8.host,U=8;2,DT") == ["\\Draft", "\\Deleted"], "mbsync's ; on other systems")
        #expect(MaildirFlags.flags(fileName: "1733400011.4242_11.host,U=11").isEmpty)
        #expect(MaildirFlags.flags(fileName: "1.M2P3.host,S=12:2,Sab") == ["\\Seen"], "Dovecot's keyword letters are not system flags")
        #expect(MaildirFlags.info(for: ["\\Seen", "$Forwarded", "\\Answered", "$Label1", "\\Recent"]) == "2,PRS", "ASCII order")
    }

    @Test func lineEndsGoBothWays() {
        let file = bytes("a\nb\r\nc\rd\n")
        #expect(LineEndings.crlf(file) == bytes("a\r\nb\r\nc\rd\r\n"))
        #expect(LineEndings.lf(LineEndings.crlf(bytes("a\nb\n\nc"))) == bytes("a\nb\n\nc"))
    }

    @Test func fromLinesAsWritersWriteThem() throws {
        let utc = TimeZone(identifier: "UTC")!
        let ctime = try #require(FromLine(bytes("From MAILER-DAEMON Fri Jul  8 12:08:34 2011")[...], timeZone: utc))
        #expect(ctime.sender == "MAILER-DAEMON" && ctime.date == Date(timeIntervalSince1970: 1_310_126_914))
        #expect(ctime.text(timeZone: utc) == "From MAILER-DAEMON Fri Jul  8 12:08:34 2011", "ctime pads the day with a space")
        let gmail = try #require(FromLine(bytes("From 1786534516406327635@xxx Tue Dec 03 23:59:59 -0500 2024")[...], timeZone: utc))
        #expect(gmail.date == Date(timeIntervalSince1970: 1_733_288_399), "Gmail's zone is read")
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        #expect(FromLine(bytes("From a@b Thu Dec  5 10:01:00 2024")[...], timeZone: berlin)?.date == Date(timeIntervalSince1970: 1_733_389_260),
                "without a zone, local time")
        for text in ["From the start of a line.", "From here to there, 12:00 of Dec 2024", "From: header", "From a@b yesterday"] {
            #expect(FromLine(bytes(text)[...], timeZone: utc) == nil, "\(text) is text, not a separator")
        }
    }

    @Test func quotingTakesOneQuoteAwayAsTheSchemeSays() {
        #expect(MboxQuoting.mboxrd.isQuoted(bytes(">>From x")[...]) && MboxQuoting.mboxrd.isQuoted(bytes(">From x")[...]))
        #expect(!MboxQuoting.mboxo.isQuoted(bytes(">>From x")[...]) && MboxQuoting.mboxo.isQuoted(bytes(">From x")[...]))
        #expect(!MboxQuoting.mboxrd.isQuoted(bytes(">Fromage")[...]))
        #expect(MboxQuoting.mboxrd.needsQuoting(bytes(">>From x")[...]) && !MboxQuoting.mboxo.needsQuoting(bytes(">From x")[...]))
    }

    @Test func aReaderSplitsAtSeparatorsOnlyAndKeepsEveryByte() throws {
        let text = "From a@b Thu Dec  5 10:01:00 2024\nSubject: one\n\nFrom here on, text.\n>From quoted\n\n\n"
            + "From c@d Thu Dec  5 10:02:00 2024\nSubject: two\n\nno last line end"
        let path = NSTemporaryDirectory() + "merle-mbox-\(UUID().uuidString)"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        var reader = try MboxReader(path: path, quoting: .mboxrd, timeZone: TimeZone(identifier: "UTC")!)
        let first = try #require(try reader.next())
        #expect(first.fromLine.sender == "a@b")
        #expect(String(decoding: first.bytes, as: UTF8.self) == "Subject: one\n\nFrom here on, text.\nFrom quoted\n\n",
                "a From line after text is text; the empty line before the separator is the file's")
        let second = try #require(try reader.next())
        #expect(String(decoding: second.bytes, as: UTF8.self) == "Subject: two\n\nno last line end")
        #expect(try reader.next() == nil)
        #expect(reader.offset == text.utf8.count)

        let notMbox = NSTemporaryDirectory() + "merle-notmbox-\(UUID().uuidString)"
        try Data("Subject: a lone message\n\nbody\n".utf8).write(to: URL(fileURLWithPath: notMbox))
        defer { unlink(notMbox) }
        var wrong = try MboxReader(path: notMbox, quoting: .mboxrd)
        #expect(throws: TransferError.self) { _ = try wrong.next() }
    }

    @Test func statusLinesChangeOnlyWhereTheyNoLongerSayTheFlags() {
        let header = "From: a@b\nStatus: RO\nTo: c@d\nX-Status: FA\n\nbody\n"
        // Already right, in whatever order and place: untouched.
        #expect(MboxStatus.stamped(bytes(header), flags: ["\\Seen", "\\Answered", "\\Flagged"]) == bytes(header))
        #expect(MboxStatus.flags(bytes(header)) == ["\\Seen", "\\Answered", "\\Flagged"])
        // Read no more, answered no more: rewritten in place, O kept.
        #expect(String(decoding: MboxStatus.stamped(bytes(header), flags: ["\\Flagged"]), as: UTF8.self)
                == "From: a@b\nStatus: O\nTo: c@d\nX-Status: F\n\nbody\n")
        // Nothing said and nothing to say: untouched; then added at the end of the header.
        let bare = "From: a@b\n\nbody\n"
        #expect(MboxStatus.stamped(bytes(bare), flags: []) == bytes(bare))
        #expect(String(decoding: MboxStatus.stamped(bytes(bare), flags: ["\\Seen", "\\Draft", "\\Deleted", "$Label1"]), as: UTF8.self)
                == "From: a@b\nStatus: RO\nX-Status: TD\n\nbody\n")
        // A line that says nothing any more goes.
        #expect(String(decoding: MboxStatus.stamped(bytes(header), flags: ["\\Seen"]), as: UTF8.self)
                == "From: a@b\nStatus: RO\nTo: c@d\n\nbody\n")
        // Pine's D in Status still says deleted.
        #expect(MboxStatus.stamped(bytes("Status: RD\n\nx"), flags: ["\\Seen", "\\Deleted"]) == bytes("Status: RD\n\nx"))
        #expect(String(decoding: MboxStatus.stamped(bytes("Status: RD\n\nx"), flags: ["\\Seen"]), as: UTF8.self) == "Status: RO\n\nx")
        // The identity of a message ignores the lines.
        #expect(MboxStatus.withoutStatus(bytes(header)) == bytes("From: a@b\nTo: c@d\n\nbody\n"))
        #expect(MboxStatus.withoutStatus(bytes("A: b\r\nStatus: O\r\n\r\nStatus: body\r\n")) == bytes("A: b\r\n\r\nStatus: body\r\n"))
    }
}
