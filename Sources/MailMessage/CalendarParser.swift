/// Reads iCalendar text (RFC 5545) as Outlook/Exchange, Google Calendar and Thunderbird
/// write it: folded lines (CRLF or bare LF, then a space or tab, §3.1), parameters with
/// quoted values, names in any case, a byte-order mark. Bounded: a hostile file ends in a
/// `CalendarError`, never a crash or unbounded work.
public enum CalendarParser {
    /// Caps on what one calendar may hold.
    public static let maxBytes = 4 << 20
    public static let maxLines = 100_000
    public static let maxDepth = 8

    /// The outermost component (normally VCALENDAR) of `bytes`.
    public static func parse(_ bytes: [UInt8]) throws -> CalendarComponent {
        guard bytes.count <= maxBytes else { throw CalendarError("the calendar is larger than \(maxBytes >> 20) MB") }
        let lines = unfold(bytes)
        guard lines.count <= maxLines else { throw CalendarError("the calendar has more than \(maxLines) lines") }
        var stack: [CalendarComponent] = []
        var root: CalendarComponent?
        for (number, line) in lines.enumerated() where !line.isEmpty {
            guard let property = contentLine(line) else {
                // Outlook and others leave stray text; a line with no colon is skipped, as Thunderbird does.
                continue
            }
            switch property.name {
            case "BEGIN":
                let name = property.rawValue.trimmingMailWhitespace.uppercased()
                guard !name.isEmpty else { throw CalendarError("line \(number + 1): BEGIN without a component name") }
                guard stack.count < maxDepth else { throw CalendarError("components nested deeper than \(maxDepth)") }
                guard root == nil else { continue }
                stack.append(CalendarComponent(name: name))
            case "END":
                guard let last = stack.popLast() else { continue }
                if last.name != property.rawValue.trimmingMailWhitespace.uppercased() {
                    throw CalendarError("line \(number + 1): END:\(property.rawValue) closes BEGIN:\(last.name)")
                }
                if stack.isEmpty {
                    root = last
                } else {
                    stack[stack.count - 1].components.append(last)
                }
            default:
                guard !stack.isEmpty else { continue }
                stack[stack.count - 1].properties.append(property)
            }
        }
        // A calendar cut short (a truncated mail) is still read up to where it ends.
        while let last = stack.popLast() {
            if stack.isEmpty { root = last } else { stack[stack.count - 1].components.append(last) }
        }
        guard let root else { throw CalendarError("no BEGIN:VCALENDAR found; this is not iCalendar data") }
        return root
    }

    /// Physical lines joined into content lines (§3.1): a line that starts with a space or
    /// tab continues the one before, without that first character.
    static func unfold(_ bytes: [UInt8]) -> [String] {
        var lines: [[UInt8]] = []
        PhysicalLines.forEach(in: bytes) { line in
            if let first = line.first, first == 0x20 || first == 0x09, !lines.isEmpty {
                lines[lines.count - 1].append(contentsOf: line.dropFirst())
            } else {
                lines.append(Array(line))
                if lines.count > maxLines { return false }
            }
            return true
        }
        return lines.map { CharsetSniffer.decodeBody($0, declared: "utf-8", hint: nil).text }
    }

    /// `name *(";" param) ":" value` (§3.1): the value starts at the first colon that is
    /// not inside a quoted parameter value.
    static func contentLine(_ line: String) -> CalendarProperty? {
        var name = ""
        var parameters: [(name: String, value: String)] = []
        var index = line.startIndex
        while index < line.endIndex, line[index] != ";", line[index] != ":" {
            name.append(line[index])
            index = line.index(after: index)
        }
        guard index < line.endIndex else { return nil }
        // A group prefix ("item1.ATTENDEE") names no different property.
        if let dot = name.lastIndex(of: ".") { name = String(name[name.index(after: dot)...]) }
        name = name.trimmingMailWhitespace
        guard !name.isEmpty else { return nil }
        while index < line.endIndex, line[index] == ";" {
            index = line.index(after: index)
            var parameterName = ""
            while index < line.endIndex, line[index] != "=", line[index] != ";", line[index] != ":" {
                parameterName.append(line[index])
                index = line.index(after: index)
            }
            var values: [String] = []
            if index < line.endIndex, line[index] == "=" {
                index = line.index(after: index)
                var value = ""
                var quoted = false
                while index < line.endIndex {
                    let character = line[index]
                    if character == "\"" {
                        quoted.toggle()
                    } else if !quoted, character == ";" || character == ":" {
                        break
                    } else if !quoted, character == "," {
                        values.append(value)
                        value = ""
                    } else {
                        value.append(character)
                    }
                    index = line.index(after: index)
                }
                values.append(value)
            }
            // A bare 2.0-era parameter ("ATTENDEE;RSVP:") is kept with an empty value.
            parameters.append((parameterName.trimmingMailWhitespace, values.joined(separator: ",")))
        }
        guard index < line.endIndex, line[index] == ":" else { return nil }
        let value = String(line[line.index(after: index)...])
        return CalendarProperty(name: name, parameters: parameters, rawValue: value)
    }
}

/// Why a calendar could not be read, in words.
public struct CalendarError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
