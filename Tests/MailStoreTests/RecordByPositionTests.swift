import Foundation
import GRDB
import TestSupport
import Testing
@testable import MailStore

/// Listings read message rows by column position and dates with integer arithmetic
/// (`MessageRecord.fetchCursorByPosition`, `StoredDate`): what they read must be what
/// GRDB's own reading by name and through Foundation's calendar gives.
@Suite struct RecordByPositionTests {
    @Test func storedDatesReadToTheMillisecondGRDBWrote() throws {
        var generator = SystemRandomNumberGenerator()
        // Milliseconds, as GRDB stores them, from 1601 to 2400 (leap days and years before 1970 included).
        var dates = (0..<20_000).map { _ in
            Date(timeIntervalSince1970: Double(Int64.random(in: -11_644_473_600_000...13_569_465_600_000, using: &generator)) / 1000)
        }
        dates += [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.001), Date(timeIntervalSince1970: 951_782_400.999),
                  Date(timeIntervalSince1970: 4_107_542_399.5)]
        let queue = try DatabaseQueue()
        try queue.read { db in
            for date in dates {
                let stored = date.databaseValue
                let expected = try #require(Date.fromDatabaseValue(stored))
                let read = try #require(StoredDate.fromDatabaseValue(stored)?.date)
                // The same millisecond; Foundation's calendar is at times a Double's last bit off.
                #expect(abs(read.timeIntervalSince(expected)) < 1e-6, "\(stored)")
                // The statement path, straight from SQLite's text, reads the same.
                #expect(try StoredDate.fetchOne(db, sql: "SELECT ?", arguments: [stored])?.date == read, "\(stored)")
            }
            // Other forms SQLite dates take are read as GRDB reads them.
            for other in ["2026-11-26", "2026-11-26 10:39", "2026-11-26T10:39:00.000", "2026-11-26 10:39:00.5"].map(\.databaseValue) + [Double(1_764_153_540.25).databaseValue] {
                #expect(try StoredDate.fetchOne(db, sql: "SELECT ?", arguments: [other])?.date == Date.fromDatabaseValue(other), "\(other)")
                #expect(StoredDate.fromDatabaseValue(other)?.date == Date.fromDatabaseValue(other), "\(other)")
            }
            // Text that is no date fails as GRDB's own Date fails.
            #expect(throws: (any Error).self) { try StoredDate.fetchOne(db, sql: "SELECT 'not a date'") }
            #expect(throws: (any Error).self) { try Date.fetchOne(db, sql: "SELECT 'not a date'") }
            #expect(try StoredDate.fetchOne(db, sql: "SELECT '2026-13-01 00:00:00.000'")?.date == Date.fromDatabaseValue("2026-13-01 00:00:00.000".databaseValue))
        }
    }

    @Test func storedDatesAreWrittenAsGRDBWritesThem() throws {
        var generator = SystemRandomNumberGenerator()
        // Any instant from 1601 to 2400, sub-millisecond parts included (rounded to the
        // nearest millisecond, a half up), the edges of days, years and the epoch, and the
        // first day after the Gregorian reform that the arithmetic takes.
        var dates = (0..<20_000).map { _ in
            Date(timeIntervalSince1970: Double.random(in: -11_644_473_600...13_569_465_600, using: &generator))
        }
        dates += [0, -0.001, -0.0001, 951_782_400.999, 951_782_399.9999, 4_107_542_399.5, 1_764_153_540.25, -12_212_553_600]
            .map { Date(timeIntervalSince1970: $0) }
        dates.append(.distantFuture)
        for date in dates {
            #expect(StoredDate(date).databaseValue == date.databaseValue, "\(date.timeIntervalSince1970)")
        }
        // Before the Gregorian reform and after 9999, GRDB's own writing.
        for far in [Date(timeIntervalSince1970: 400_000_000_000), Date(timeIntervalSince1970: -62_135_596_800),
                    Date(timeIntervalSince1970: 1e30), Date.distantPast] {
            #expect(StoredDate.text(far) == nil)
            #expect(StoredDate(far).databaseValue == far.databaseValue)
        }
    }

    @Test func recordsReadByPositionEqualRecordsReadByName() throws {
        let scratch = try ScratchStore()
        let store = scratch.store
        let account = try store.ensureAccount(name: "work", kind: .imap, email: "me@example.test")
        let folderId = try store.ensureFolder(accountId: account.id!, name: "INBOX").id!
        let headers = [
            ("Content-Type: multipart/signed; protocol=\"application/pgp-signature\"; boundary=b", ["\\Seen", "$Label1"], Date(timeIntervalSince1970: 1_764_153_540.123)),
            ("Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=b", ["\\Flagged"], nil),
            ("Date: Thu, 26 Nov 2026 10:39:00 +0100\r\nIn-Reply-To: <a@example.test>\r\nMessage-ID: <b@example.test>", [], Date(timeIntervalSince1970: 0)),
        ]
        try store.storeMirrorHeaders(folderId: folderId, headers.enumerated().map { index, header in
            let bytes = Array("From: Ada <ada@example.test>\r\nTo: b@example.test\r\nSubject: \(index)\r\n\(header.0)\r\n\r\n".utf8)
            return MailStore.MirrorHeader(uid: Int64(index + 1), modseq: index == 0 ? 7 : nil, flags: header.1, internalDate: header.2,
                                          size: 1000 + Int64(index), bytes: bytes, bodyStructure: index == 0 ? "text/plain" : nil)
        })
        try store.database.read { db in
            let sql = "SELECT * FROM message ORDER BY id"
            let byName = try MessageRecord.fetchAll(db, sql: sql)
            let byPosition = try Array(MessageRecord.fetchCursorByPosition(db, sql: sql, arguments: []))
            #expect(byName.count == 3)
            #expect(byPosition == byName)
            // Columns in another order, or some missing, are still read (by name).
            let reordered = try Array(MessageRecord.fetchCursorByPosition(db, sql: "SELECT subject AS s, * FROM message ORDER BY id", arguments: []))
            #expect(reordered == byName)
        }
    }

    @Test func flagsCompareWithoutRegardToCase() {
        let message = MessageRecord(folderId: 1, flags: ["\\Seen", "$Label1", "Ünïcode"])
        #expect(message.hasFlag("\\SEEN"))
        #expect(message.has(.seen))
        #expect(message.hasFlag("$label1"))
        #expect(message.hasFlag("ünïcode"))
        #expect(!message.hasFlag("\\Se"))
        #expect(!message.hasFlag("\\Seen2"))
        #expect(!message.has(.flagged))
        #expect(!MessageRecord(folderId: 1).hasFlag(""))
    }
}
