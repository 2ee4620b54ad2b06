/// One content line (RFC 5545 §3.1): `NAME;PARAM=value:value`.
public struct CalendarProperty: Sendable, Hashable {
    /// The name, upper-cased (a group prefix such as `item1.` dropped).
    public var name: String
    /// The parameters in order, names upper-cased, values with their quotes removed.
    public var parameters: [(name: String, value: String)] {
        get { parameterPairs.map { ($0[0], $0[1]) } }
        set { parameterPairs = newValue.map { [$0.name, $0.value] } }
    }
    /// Stored as pairs because tuples are not Hashable.
    private var parameterPairs: [[String]]
    /// The value as written (escapes kept): what `serialized` writes back.
    public var rawValue: String

    public init(name: String, parameters: [(name: String, value: String)] = [], rawValue: String) {
        self.name = name.uppercased()
        self.parameterPairs = parameters.map { [$0.name.uppercased(), $0.value] }
        self.rawValue = rawValue
    }

    /// The parameter called `name` (any case).
    public func parameter(_ name: String) -> String? {
        let wanted = name.uppercased()
        return parameterPairs.first { $0[0] == wanted }?[1]
    }

    /// The value as TEXT (RFC 5545 §3.3.11): `\n`, `\,`, `\;` and `\\` unescaped.
    public var text: String { Self.unescape(rawValue) }

    /// For ORGANIZER and ATTENDEE: the address of a `mailto:` value, else the value.
    public var mailAddress: String {
        let value = rawValue.trimmingMailWhitespace
        if value.lowercased().hasPrefix("mailto:") { return String(value.dropFirst(7)) }
        return value
    }

    /// TEXT escaping undone; a backslash before anything else is kept as it is.
    static func unescape(_ value: String) -> String {
        guard value.contains("\\") else { return value }
        var result = ""
        var escaped = false
        for character in value {
            if escaped {
                switch character {
                case "n", "N": result.append("\n")
                case ",", ";", "\\", ":": result.append(character)
                default: result.append("\\"); result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        if escaped { result.append("\\") }
        return result
    }

    /// TEXT escaping (RFC 5545 §3.3.11).
    public static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\n", "\r\n": result += "\\n"
            case "\r": continue
            default: result.append(character)
            }
        }
        return result
    }

    /// The content line, folded at 75 octets without splitting a UTF-8 sequence (§3.1).
    public var serialized: String {
        var line = name
        for pair in parameterPairs {
            // A DQUOTE cannot be in a parameter value at all; `:`, `;` and `,` need quotes.
            let value = pair[1].filter { $0 != "\"" && $0 != "\r" && $0 != "\n" }
            let needsQuotes = value.contains(where: { $0 == ":" || $0 == ";" || $0 == "," })
            line += ";\(pair[0])=" + (needsQuotes ? "\"\(value)\"" : value)
        }
        line += ":" + rawValue.filter { $0 != "\r" && $0 != "\n" }
        return Self.fold(line)
    }

    static func fold(_ line: String) -> String {
        var output = ""
        var count = 0
        for scalar in line.unicodeScalars {
            let width = String(scalar).utf8.count
            if count + width > 75 {
                output += "\r\n "
                count = 1
            }
            output.unicodeScalars.append(scalar)
            count += width
        }
        return output + "\r\n"
    }
}
