import Foundation

/// Which bodies the mirror downloads during a sync; the rest are fetched on demand.
public enum BodyPolicy: Sendable, Equatable, CustomStringConvertible {
    /// Every message's body (the default).
    case all
    /// Bodies of messages received in the last `days` days.
    case recent(days: Int)
    /// Headers only; `IMAPMirror.fetchBody(messageId:)` gets a body when it is opened.
    case onDemand

    /// Reads the config spelling: `all`, `recent:DAYS` or `on-demand`.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        switch trimmed {
        case "all": self = .all
        case "on-demand": self = .onDemand
        default:
            guard trimmed.hasPrefix("recent:"), let days = Int(trimmed.dropFirst("recent:".count)), days >= 0 else { return nil }
            self = .recent(days: days)
        }
    }

    public var description: String {
        switch self {
        case .all: return "all"
        case let .recent(days): return "recent:\(days)"
        case .onDemand: return "on-demand"
        }
    }
}
