import Foundation

/// The separator line of an mbox, `From sender date` (the "From_" line): the envelope
/// sender and the delivery time, which becomes the message's IMAP internal date.
struct FromLine: Equatable {
    var sender: String
    var date: Date?

    /// Reads a line such as `From MAILER-DAEMON Fri Jul  8 12:08:34 2011` (ctime(3), what
    /// mutt, procmail and Dovecot write), `From a@b Sat Jul 02 14:02:43 +0000 2011`
    /// (Gmail's export) or `From a@b Mon, 6 Dec 2026 10:00:00 +0100`. A line that has no
    /// month, day, time and year after the sender is not a separator: nil. A time without
    /// a zone is in `timeZone` (ctime's local time).
    init?(_ line: ArraySlice<UInt8>, timeZone: TimeZone = .current) {
        guard line.starts(with: MboxQuoting.from) else { return nil }
        var text = String(decoding: line.dropFirst(5), as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 5, words.count <= 12 else { return nil }
        sender = String(words[0])
        var month: Int?, day: Int?, year: Int?, time: [Int]?, zone: Int?
        for word in words.dropFirst() {
            let bare = word.trimmingCharacters(in: CharacterSet(charactersIn: ","))
            if let index = Self.months.firstIndex(where: { bare.lowercased().hasPrefix($0) }), month == nil, bare.count >= 3, !bare.first!.isNumber {
                month = index + 1
            } else if bare.contains(":") {
                let parts = bare.split(separator: ":").compactMap { Int($0) }
                guard parts.count >= 2, parts.count <= 3 else { return nil }
                time = parts
            } else if let number = Int(bare), !bare.hasPrefix("+"), !bare.hasPrefix("-") {
                if bare.count == 4 { year = number } else if bare.count <= 2 { day = number }
            } else if (bare.hasPrefix("+") || bare.hasPrefix("-")), bare.count == 5, let offset = Int(bare.dropFirst()) {
                zone = (bare.hasPrefix("-") ? -1 : 1) * (offset / 100 * 3600 + offset % 100 * 60)
            }
        }
        guard let month, let day, let year, let time, (1...31).contains(day), time[0] < 24, time[1] < 60 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone.flatMap { TimeZone(secondsFromGMT: $0) } ?? timeZone
        date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: time[0], minute: time[1],
                                                  second: time.count > 2 ? time[2] : 0))
    }

    init(sender: String, date: Date?) {
        self.sender = sender
        self.date = date
    }

    /// `From sender Www Mmm dd hh:mm:ss yyyy` as ctime(3) writes it (the day padded with a
    /// space), in `timeZone`, without the line end.
    func text(timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.weekday, .year, .month, .day, .hour, .minute, .second], from: date ?? Date())
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        let day = parts.day ?? 1
        return "From \(sender) \(Self.weekdays[(parts.weekday ?? 1) - 1]) \(Self.monthNames[(parts.month ?? 1) - 1]) "
            + "\(day < 10 ? " " : "")\(day) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) \(parts.year ?? 1970)"
    }

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
}
