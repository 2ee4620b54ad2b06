/// An INTERNALDATE (RFC 9051 `date-time`): `"17-Jul-1996 02:44:25 -0700"`.
public struct InternalDate: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// The zone offset from UTC, in minutes.
    public var zoneMinutes: Int

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, zoneMinutes: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.zoneMinutes = zoneMinutes
    }

    /// Parses `dd-Mon-yyyy hh:mm:ss +zzzz` (day may be space-padded); nil otherwise.
    public init?(_ text: String) {
        let fields = text.trimmingPrefix(" ").split(separator: " ")
        guard fields.count == 3 else { return nil }
        let dateParts = fields[0].split(separator: "-")
        let timeParts = fields[1].split(separator: ":")
        guard dateParts.count == 3, timeParts.count == 3,
              let day = Int(dateParts[0]), let year = Int(dateParts[2]),
              let monthIndex = Self.monthNames.firstIndex(where: { $0.lowercased() == dateParts[1].lowercased() }),
              let hour = Int(timeParts[0]), let minute = Int(timeParts[1]), let second = Int(timeParts[2]),
              fields[2].count == 5, let sign = fields[2].first, sign == "+" || sign == "-",
              let zone = Int(fields[2].dropFirst()),
              (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        self.init(year: year, month: monthIndex + 1, day: day, hour: hour, minute: minute, second: second,
                  zoneMinutes: (sign == "-" ? -1 : 1) * (zone / 100 * 60 + zone % 100))
    }

    public var description: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let zone = abs(zoneMinutes)
        return "\(two(day))-\(Self.monthNames[max(0, min(11, month - 1))])-\(year) \(two(hour)):\(two(minute)):\(two(second)) "
            + (zoneMinutes < 0 ? "-" : "+") + two(zone / 60) + two(zone % 60)
    }
}
