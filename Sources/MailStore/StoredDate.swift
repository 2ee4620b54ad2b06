import Foundation
import GRDB
import GRDBSQLite
import MailMessage

/// A date column read straight from SQLite's text. GRDB stores dates as
/// `yyyy-MM-dd HH:mm:ss.SSS` in UTC and reads them back through Foundation's calendar,
/// which was a twentieth of listing ten thousand search results; that one format is
/// read here with integer arithmetic (to the same millisecond, sometimes a Double's last
/// bit closer to it), anything else as GRDB reads it.
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

    var databaseValue: DatabaseValue { date.databaseValue }

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
