import Foundation

/// The mboxrd format (as in qmail's mbox(5)): each message after a `From ` line naming
/// its sender and date, line ends LF, every line that reads `From ` after any number of
/// `>` given one `>` more (so reading it back removes exactly one, losslessly), and an
/// empty line after it.
public enum Mboxrd {
    /// One message as an mbox entry. `sender` is the envelope sender (a From address, or
    /// `MAILER-DAEMON` when there is none); `date` is written in asctime form, UTC.
    public static func entry(_ raw: [UInt8], sender: String, date: Date) -> [UInt8] {
        let safeSender = sender.unicodeScalars.contains { $0.value <= 0x20 || $0.value >= 0x7F } || sender.isEmpty ? "MAILER-DAEMON" : sender
        var output = Array("From \(safeSender) \(asctime(date))\n".utf8)
        output.reserveCapacity(raw.count + raw.count / 50 + 64)
        var lines = raw.split(separator: ASCII.lf, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for var line in lines {
            if line.last == ASCII.cr { line = line.dropLast() }
            let quotes = line.prefix { $0 == UInt8(ascii: ">") }.count
            if line.dropFirst(quotes).starts(with: Array("From ".utf8)) { output.append(UInt8(ascii: ">")) }
            output.append(contentsOf: line)
            output.append(ASCII.lf)
        }
        output.append(ASCII.lf)
        return output
    }

    /// `Mon Dec  7 10:00:00 2026`, UTC.
    static func asctime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.weekday, .month, .day, .hour, .minute, .second, .year], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        let day = parts.day ?? 1
        return "\(days[(parts.weekday ?? 1) - 1]) \(months[(parts.month ?? 1) - 1]) \(day < 10 ? " " : "")\(day) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) \(parts.year ?? 1970)"
    }
}
