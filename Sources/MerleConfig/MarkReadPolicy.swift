import Foundation

/// When opening a message marks it read (`[general] mark_read`).
public enum MarkReadPolicy: Sendable, Equatable, CustomStringConvertible {
    /// As soon as it opens in the pager (the default, as in every mail reader).
    case onOpen
    /// After it has been shown this many seconds (a quick look leaves it unread).
    case after(seconds: Double)
    /// Never by opening; `N` still marks it.
    case never

    /// Reads the config spelling: `on-open`, `after:SECONDS` or `never`.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        switch trimmed {
        case "on-open": self = .onOpen
        case "never": self = .never
        default:
            guard trimmed.hasPrefix("after:"), let seconds = Double(trimmed.dropFirst("after:".count)),
                  seconds.isFinite, seconds >= 0, seconds <= 86_400 else { return nil }
            self = seconds == 0 ? .onOpen : .after(seconds: seconds)
        }
    }

    public var description: String {
        switch self {
        case .onOpen: return "on-open"
        case let .after(seconds): return "after:\(seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds))"
        case .never: return "never"
        }
    }
}
