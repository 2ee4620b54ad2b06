import Foundation

/// Where a message was on the server when the user acted on it: what replay needs to
/// find it again. `uid` is nil for a local placeholder (a message moved, copied or
/// appended offline whose server UID is not known yet); replay fills it in from
/// COPYUID/APPENDUID, or finds the message by `messageID` and `size` when the UID is
/// unknown or belongs to an older UIDVALIDITY.
public struct MessageLocation: Codable, Sendable, Equatable {
    /// The folder's server name at the time of the action.
    public var folder: String
    public var uidValidity: Int64?
    public var uid: Int64?
    /// The Message-ID header, to find the message again without a usable UID.
    public var messageID: String?
    public var size: Int64?

    public init(folder: String, uidValidity: Int64?, uid: Int64?, messageID: String?, size: Int64?) {
        self.folder = folder
        self.uidValidity = uidValidity
        self.uid = uid
        self.messageID = messageID
        self.size = size
    }
}

/// One offline operation waiting to be applied on the server, in the order recorded.
/// Flag changes are add/remove, never "set", so changes made elsewhere merge.
/// Folder names are the server's names as they were when the action was taken: the
/// journal replays in order, so they are the names the server has at that point.
public enum JournalOperation: Sendable, Equatable {
    /// APPEND the sent message of an outbox row to the account's Sent folder.
    case appendSent(outboxId: Int64)
    /// Add flags to a message (`at` is nil in entries written before locations existed).
    case addFlags(messageId: Int64, flags: [String], at: MessageLocation? = nil)
    /// Remove flags from a message.
    case removeFlags(messageId: Int64, flags: [String], at: MessageLocation? = nil)
    /// Move a message to another folder; its row is the placeholder in the target.
    case move(messageId: Int64, from: MessageLocation, to: String)
    /// Copy a message; `copyId` is the placeholder row of the copy in the target.
    case copy(messageId: Int64, from: MessageLocation, to: String, copyId: Int64)
    /// Remove a message for good (`\Deleted` and UID EXPUNGE).
    case expunge(messageId: Int64, at: MessageLocation)
    /// APPEND a message that exists only here (a saved draft) to a folder.
    case append(messageId: Int64, to: String, flags: [String])
    /// CREATE a folder.
    case createFolder(name: String)
    /// RENAME a folder.
    case renameFolder(from: String, to: String)
    /// DELETE a folder.
    case deleteFolder(name: String)

    /// The operation's name in the `journal.operation` column.
    public var name: String {
        switch self {
        case .appendSent: return "append-sent"
        case .addFlags: return "flag-add"
        case .removeFlags: return "flag-remove"
        case .move: return "move"
        case .copy: return "copy"
        case .expunge: return "expunge"
        case .append: return "append"
        case .createFolder: return "folder-create"
        case .renameFolder: return "folder-rename"
        case .deleteFolder: return "folder-delete"
        }
    }

    /// The message the operation acts on, and where it was; nil for folder operations.
    public var messageTarget: (messageId: Int64, location: MessageLocation?)? {
        switch self {
        case .appendSent, .createFolder, .renameFolder, .deleteFolder: return nil
        case let .addFlags(id, _, at), let .removeFlags(id, _, at): return (id, at)
        case let .move(id, from, _), let .copy(id, from, _, _): return (id, from)
        case let .expunge(id, at): return (id, at)
        case let .append(id, _, _): return (id, nil)
        }
    }

    /// The same operation with its message's location replaced.
    public func relocated(_ location: MessageLocation) -> JournalOperation {
        switch self {
        case let .addFlags(id, flags, _): return .addFlags(messageId: id, flags: flags, at: location)
        case let .removeFlags(id, flags, _): return .removeFlags(messageId: id, flags: flags, at: location)
        case let .move(id, _, to): return .move(messageId: id, from: location, to: to)
        case let .copy(id, _, to, copyId): return .copy(messageId: id, from: location, to: to, copyId: copyId)
        case let .expunge(id, _): return .expunge(messageId: id, at: location)
        default: return self
        }
    }

    private struct Payload: Codable {
        var outboxId: Int64?
        var messageId: Int64?
        var flags: [String]?
        var location: MessageLocation?
        var target: String?
        var copyId: Int64?
        var folder: String?
    }

    /// The JSON arguments stored with the entry.
    public var payload: String {
        var payload = Payload()
        switch self {
        case let .appendSent(outboxId): payload.outboxId = outboxId
        case let .addFlags(messageId, flags, at), let .removeFlags(messageId, flags, at):
            (payload.messageId, payload.flags, payload.location) = (messageId, flags, at)
        case let .move(messageId, from, to):
            (payload.messageId, payload.location, payload.target) = (messageId, from, to)
        case let .copy(messageId, from, to, copyId):
            (payload.messageId, payload.location, payload.target, payload.copyId) = (messageId, from, to, copyId)
        case let .expunge(messageId, at): (payload.messageId, payload.location) = (messageId, at)
        case let .append(messageId, to, flags): (payload.messageId, payload.target, payload.flags) = (messageId, to, flags)
        case let .createFolder(name), let .deleteFolder(name): payload.folder = name
        case let .renameFolder(from, to): (payload.folder, payload.target) = (from, to)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(payload)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Reads an entry back; nil for an operation this version does not know.
    public init?(entry: JournalEntry) {
        guard let payload = try? JSONDecoder().decode(Payload.self, from: Data(entry.payload.utf8)) else { return nil }
        switch (entry.operation, payload.messageId) {
        case ("append-sent", _):
            guard let id = payload.outboxId else { return nil }
            self = .appendSent(outboxId: id)
        case let ("flag-add", id?):
            guard let flags = payload.flags else { return nil }
            self = .addFlags(messageId: id, flags: flags, at: payload.location)
        case let ("flag-remove", id?):
            guard let flags = payload.flags else { return nil }
            self = .removeFlags(messageId: id, flags: flags, at: payload.location)
        case let ("move", id?):
            guard let from = payload.location, let to = payload.target else { return nil }
            self = .move(messageId: id, from: from, to: to)
        case let ("copy", id?):
            guard let from = payload.location, let to = payload.target, let copyId = payload.copyId else { return nil }
            self = .copy(messageId: id, from: from, to: to, copyId: copyId)
        case let ("expunge", id?):
            guard let at = payload.location else { return nil }
            self = .expunge(messageId: id, at: at)
        case let ("append", id?):
            guard let to = payload.target else { return nil }
            self = .append(messageId: id, to: to, flags: payload.flags ?? [])
        case ("folder-create", _):
            guard let name = payload.folder else { return nil }
            self = .createFolder(name: name)
        case ("folder-rename", _):
            guard let from = payload.folder, let to = payload.target else { return nil }
            self = .renameFolder(from: from, to: to)
        case ("folder-delete", _):
            guard let name = payload.folder else { return nil }
            self = .deleteFolder(name: name)
        default:
            return nil
        }
    }
}
