import Foundation

/// `yyyy-MM-dd` in a calendar's time zone for dates that come in order (a listing sorted
/// by date): the calendar is asked once per day, not once per date, since its
/// `dateComponents` was a twentieth of listing ten thousand search results.
public final class DayFormatter {
    private var chosenCalendar: Calendar?
    /// The day last formatted, as the instants it covers.
    private var lastDay: (start: Date, end: Date, text: String)?

    public init(calendar: Calendar) {
        chosenCalendar = calendar
    }

    /// The local time zone's Gregorian calendar, made at the first date: the local zone
    /// loads ICU, which a listing with nothing to show (a search's miss) never needs.
    public init() {}

    private var calendar: Calendar {
        if let chosenCalendar { return chosenCalendar }
        var local = Calendar(identifier: .gregorian)
        local.timeZone = .current
        chosenCalendar = local
        return local
    }

    public func string(_ date: Date) -> String {
        if let lastDay, date >= lastDay.start, date < lastDay.end { return lastDay.text }
        let text = IndexRowFormatter.day(date, in: calendar)
        // A day is not always 24 hours (daylight saving time): the calendar says where it ends.
        if let interval = calendar.dateInterval(of: .day, for: date) {
            lastDay = (interval.start, interval.end, text)
        }
        return text
    }
}
