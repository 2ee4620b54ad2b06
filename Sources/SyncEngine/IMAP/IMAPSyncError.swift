/// Failures of the IMAP mirror that are not the protocol's own, in words a user can act on.
public enum IMAPSyncError: Error, Sendable, Equatable, CustomStringConvertible {
    case notIMAP(account: String)
    case noUIDValidity(folder: String)
    case unknownFolder(String)
    case notSelectable(String)
    case notMirrored(messageId: Int64)
    case bodyMissing(folder: String, uid: Int64)
    /// A message bigger than the store takes (`MailStore.maximumBodySize`); it stays on the server.
    case bodyTooLarge(folder: String, uid: Int64, limit: Int)
    /// Folders the server would not open (SELECT answered NO), with its words; the other
    /// folders were synced.
    case foldersRefused([String: String])

    public var description: String {
        switch self {
        case let .notIMAP(account):
            return "account \"\(account)\" is not an IMAP account"
        case let .noUIDValidity(folder):
            return "the server sent no UIDVALIDITY for \"\(folder)\", so it cannot be mirrored safely; report the server"
        case let .unknownFolder(name):
            return "the server has no folder \"\(name)\"; `merle folders` lists the mirrored ones"
        case let .notSelectable(name):
            return "\"\(name)\" is only a level of the hierarchy (\\Noselect) and holds no messages"
        case let .notMirrored(id):
            return "message \(id) exists only locally (no UID yet), so there is nothing to fetch; run `merle sync` to upload it first"
        case let .bodyMissing(folder, uid):
            return "the server did not send message UID \(uid) of \"\(folder)\" though it still lists it; run `merle sync` again, and report the server if it keeps happening"
        case let .bodyTooLarge(folder, uid, limit):
            return "message UID \(uid) of \"\(folder)\" is larger than the \(limit >> 20) MB Merle stores, so it stays on the server; read it with the server's webmail or another client"
        case let .foldersRefused(folders):
            let list = folders.keys.sorted().map { "\"\($0)\" (\(folders[$0]!))" }.joined(separator: ", ")
            return "the server would not open \(list); the other folders are in step. Check the folder on the server (permissions, a name it cannot select)"
        }
    }
}
