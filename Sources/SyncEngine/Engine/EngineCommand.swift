import Foundation

/// What the UI asks the engine to do. The UI never writes the store or touches the
/// network; every change goes through one of these (DESIGN.md "Layers").
public enum EngineCommand: Sendable, Equatable {
    /// Sync every account now (journal replay, mirror or download, outbox).
    case syncNow
    /// Add and remove flags (read/unread is `\Seen`).
    case setFlags(ids: [Int64], add: [String], remove: [String])
    case move(ids: [Int64], folder: String)
    case copy(ids: [Int64], folder: String)
    /// To Trash, or for good when already there.
    case delete(ids: [Int64])
    case expunge(ids: [Int64])
    case archive(ids: [Int64])
    case createFolder(account: String, name: String)
    case renameFolder(account: String, from: String, to: String)
    case deleteFolder(account: String, name: String)
    /// Download a message's body now (it was left on the server by the body policy).
    case fetchBody(messageId: Int64)
    /// The switch for planes: while offline the engine does not try to connect.
    case setOffline(Bool)
}
