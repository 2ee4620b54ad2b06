import Foundation

/// One offline operation waiting to be applied on the server, in the order recorded.
/// Flag changes are add/remove, never "set", so changes made elsewhere merge.
public enum JournalOperation: Sendable, Equatable {
    /// APPEND the sent message of an outbox row to the account's Sent folder.
    case appendSent(outboxId: Int64)
    /// Add flags to a message.
    case addFlags(messageId: Int64, flags: [String])
    /// Remove flags from a message.
    case removeFlags(messageId: Int64, flags: [String])

    /// The operation's name in the `journal.operation` column.
    public var name: String {
        switch self {
        case .appendSent: return "append-sent"
        case .addFlags: return "flag-add"
        case .removeFlags: return "flag-remove"
        }
    }

    private struct Payload: Codable {
        var outboxId: Int64?
        var messageId: Int64?
        var flags: [String]?
    }

    /// The JSON arguments stored with the entry.
    public var payload: String {
        let payload: Payload
        switch self {
        case let .appendSent(outboxId): payload = Payload(outboxId: outboxId)
        case let .addFlags(messageId, flags), let .removeFlags(messageId, flags): payload = Payload(messageId: messageId, flags: flags)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(payload)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Reads an entry back; nil for an operation this version does not know.
    public init?(entry: JournalEntry) {
        guard let payload = try? JSONDecoder().decode(Payload.self, from: Data(entry.payload.utf8)) else { return nil }
        switch entry.operation {
        case "append-sent":
            guard let id = payload.outboxId else { return nil }
            self = .appendSent(outboxId: id)
        case "flag-add":
            guard let id = payload.messageId, let flags = payload.flags else { return nil }
            self = .addFlags(messageId: id, flags: flags)
        case "flag-remove":
            guard let id = payload.messageId, let flags = payload.flags else { return nil }
            self = .removeFlags(messageId: id, flags: flags)
        default:
            return nil
        }
    }
}
