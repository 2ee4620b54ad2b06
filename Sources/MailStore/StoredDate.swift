import Foundation
import GRDB
import GRDBSQLite
import MailMessage

/// A date column read straight from SQLite's text and written as GRDB writes it. GRDB
/// stores dates as `yyyy-MM-dd HH:mm:ss.SSS` in UTC, through Foundation's calendar and
/// date formatter both ways; reading was a twentieth of listing ten thousand search
/// results, and writing, for every message a sync stores, brought ICU's formatting code
/// and data into memory. That one format is read and written here with integer
/// arithmetic (to the same millisecond; a read sometimes a Double's last bit closer to
/// it), anything else as GRDB does it.
struct StoredDate: DatabaseValueConvertible, StatementColumnConvertible {
    let date: Date

    init(_ date: Date) {
        self.date = date
    }

    init?(sqliteStatement: SQLiteStatement, index: CInt) {
        if sqlite3_column_type(sqliteStatement, index) == SQLITE_TEXT, let text = sqlite3_column_text(sqliteStatement, index),
           let date = Self.parse(UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(sqliteStatement, index)))) {
            self.date = date
            return
        }
        guard let date = Date(sqliteStatement: sqliteStatement, index: index) else { return nil }
        self.date = date
    }

    var databaseValue: DatabaseValue { Self.text(date)?.databaseValue ?? date.databaseValue }

    /// `yyyy-MM-dd HH:mm:ss.SSS` in UTC, to the nearest millisecond (a half up) as
    /// Foundation's formatter rounds; nil before 1583 (Foundation's calendar is Julian
    /// before the Gregorian reform) and after 9999, left to GRDB's formatter.
    static func text(_ date: Date) -> String? {
        let milliseconds = (date.timeIntervalSince1970 * 1_000 + 0.5).rounded(.down)
        // Beyond the years asked for below, and never an Int conversion that traps.
        guard milliseconds.isFinite, abs(milliseconds) < 1e15 else { return nil }
        let days = (milliseconds / 86_400_000).rounded(.down)
        var inDay = fmod(milliseconds, 86_400_000)
        if inDay < 0 { inDay += 86_400_000 }
        let (year, month, day) = MessageDate.civilFromDays(Int(days))
        guard (1_583...9_999).contains(year) else { return nil }
        let time = Int(inDay)
        var text = [UInt8](repeating: 0, count: 23)
        func put(_ value: Int, at index: Int, digits: Int) {
            var value = value
            for offset in stride(from: digits - 1, through: 0, by: -1) {
                text[index + offset] = UInt8(48 + value % 10)
                value /= 10
            }
        }
        put(year, at: 0, digits: 4)
        put(month, at: 5, digits: 2)
        put(day, at: 8, digits: 2)
        put(time / 3_600_000, at: 11, digits: 2)
        put(time / 60_000 % 60, at: 14, digits: 2)
        put(time / 1_000 % 60, at: 17, digits: 2)
        put(time % 1_000, at: 20, digits: 3)
        for (index, separator) in [(4, 0x2D), (7, 0x2D), (10, 0x20), (13, 0x3A), (16, 0x3A), (19, 0x2E)] as [(Int, UInt8)] {
            text[index] = separator
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> StoredDate? {
        if case let .string(text) = dbValue.storage,
           let date = text.utf8.withContiguousStorageIfAvailable({ parse($0) }) ?? nil {
            return StoredDate(date)
        }
        return Date.fromDatabaseValue(dbValue).map(StoredDate.init)
    }

    /// `yyyy-MM-dd HH:mm:ss.SSS` or `yyyy-MM-dd HH:mm:ss` as UTC; nil for anything else.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count == 23 || bytes.count == 19 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for index in from..<from + count {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        let separators: [(Int, UInt8)] = [(4, 0x2D), (7, 0x2D), (10, 0x20), (13, 0x3A), (16, 0x3A)]
        guard separators.allSatisfy({ bytes[$0.0] == $0.1 }),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        var milliseconds = 0
        if bytes.count == 23 {
            guard bytes[19] == 0x2E, let value = number(20, 3) else { return nil }
            milliseconds = value
        }
        let seconds = MessageDate.daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
        // One rounding: the nearest Double to the instant (Foundation's calendar may be an
        // ulp away from it, so every message read goes through here, by name or position).
        return Date(timeIntervalSinceReferenceDate: Double(seconds - 978_307_200) + Double(milliseconds) / 1_000)
    }
}
