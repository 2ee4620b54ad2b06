/// A terminal colour: the terminal's default, one of the 8 basic colours, their bright
/// variants, or an entry of the 256-colour palette.
public enum TerminalColor: Sendable, Hashable {
    case `default`
    /// 0–15: black, red, green, yellow, blue, magenta, cyan, white, then the bright ones.
    case indexed(UInt8)

    public static let black = TerminalColor.indexed(0)
    public static let red = TerminalColor.indexed(1)
    public static let green = TerminalColor.indexed(2)
    public static let yellow = TerminalColor.indexed(3)
    public static let blue = TerminalColor.indexed(4)
    public static let magenta = TerminalColor.indexed(5)
    public static let cyan = TerminalColor.indexed(6)
    public static let white = TerminalColor.indexed(7)

    static let basicNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses a theme colour: `default`, a basic name, `bright-<name>`, or `color0`…`color255`.
    public init?(name: String) {
        let lower = name.lowercased()
        if lower == "default" || lower == "none" {
            self = .default
        } else if let index = Self.basicNames.firstIndex(of: lower) {
            self = .indexed(UInt8(index))
        } else if lower.hasPrefix("bright-"), let index = Self.basicNames.firstIndex(of: String(lower.dropFirst(7))) {
            self = .indexed(UInt8(index + 8))
        } else if lower.hasPrefix("color"), let number = UInt8(lower.dropFirst(5)) {
            self = .indexed(number)
        } else {
            return nil
        }
    }

    /// The name `init(name:)` accepts.
    public var name: String {
        switch self {
        case .default: return "default"
        case .indexed(let index) where index < 8: return Self.basicNames[Int(index)]
        case .indexed(let index) where index < 16: return "bright-" + Self.basicNames[Int(index) - 8]
        case .indexed(let index): return "color\(index)"
        }
    }
}
