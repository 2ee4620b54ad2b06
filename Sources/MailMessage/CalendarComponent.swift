/// One iCalendar component (RFC 5545 §3.4, §3.6): `VCALENDAR`, `VEVENT`, `VTIMEZONE`,
/// `STANDARD`… with its properties in order and the components inside it.
public struct CalendarComponent: Sendable, Hashable {
    /// The name after BEGIN:, upper-cased.
    public var name: String
    public var properties: [CalendarProperty]
    public var components: [CalendarComponent]

    public init(name: String, properties: [CalendarProperty] = [], components: [CalendarComponent] = []) {
        self.name = name
        self.properties = properties
        self.components = components
    }

    /// The first property called `name` (any case).
    public func property(_ name: String) -> CalendarProperty? {
        let wanted = name.uppercased()
        return properties.first { $0.name == wanted }
    }

    /// Every property called `name` (any case), in order.
    public func properties(_ name: String) -> [CalendarProperty] {
        let wanted = name.uppercased()
        return properties.filter { $0.name == wanted }
    }

    /// The components called `name` directly inside this one.
    public func components(_ name: String) -> [CalendarComponent] {
        let wanted = name.uppercased()
        return components.filter { $0.name == wanted }
    }

    /// The component as iCalendar text: CRLF line ends, lines folded at 75 octets.
    public var serialized: String {
        var text = "BEGIN:\(name)\r\n"
        for property in properties { text += property.serialized }
        for component in components { text += component.serialized }
        return text + "END:\(name)\r\n"
    }
}
