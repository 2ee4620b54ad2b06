import Foundation

/// What the engine tells the UI (and `merle sync --watch` its log), in order, from its
/// own thread. Changes to the store are scoped, one event per committed batch, so a
/// window reloads only when what it shows changed, and as soon as it did.
public enum EngineEvent: Sendable, Equatable {
    /// An account's connection state changed.
    case connection(account: String, ConnectionState)
    /// Messages were added to a folder (a batch of a sync committed, a copy, a move in).
    case messagesAdded(folderId: Int64, count: Int)
    /// A folder's messages changed otherwise (messages removed or moved out, bodies).
    case folderChanged(folderId: Int64)
    /// Only flags changed in a folder: its counts, not its messages or their order (a
    /// window reads its rows again without counting them). `messageIds`: the messages
    /// changed, when the change was this program's own (a window then reads only those);
    /// empty when unknown.
    case flagsChanged(folderId: Int64, messageIds: [Int64] = [])
    /// Folders were created, renamed or removed (or more changed than can be named).
    case foldersChanged
    /// The outbox changed: a message queued, sent, failed or dropped.
    case outboxChanged
    /// A message the UI asked for (`enqueue`) is in the outbox under this id, to go out
    /// at `sendAfter` (nil: at once).
    case queued(outboxId: Int64, sendAfter: Date?)
    /// A message was taken back out of the outbox (`takeBack`), never to be sent.
    case takenBack(outboxId: Int64)
    /// Work in progress.
    case progress(SyncProgress)
    /// What a sync did, in facts; `merle sync` prints them, the reader shows some.
    case note(SyncNote)
    /// An action or sync finished, in words ("Moved 2 messages to Archive.").
    case done(String)
    /// Something failed, in words that say what to do.
    case failed(String)
    /// Messages of a folder that the server's SEARCH found (ids in the store).
    case serverSearchResults(folderId: Int64, search: ServerSearch, ids: [Int64])

    /// Whether the event means the store changed (a window may need reloading).
    public var changesStore: Bool {
        switch self {
        case .messagesAdded, .folderChanged, .flagsChanged, .foldersChanged, .outboxChanged: return true
        default: return false
        }
    }
}

/// Whether an account's server is reachable, as the engine last found it.
public enum ConnectionState: Sendable, Equatable {
    case connecting
    case online
    /// Unreachable (connect failure, timeout, connection dropped). The engine tries
    /// again at `retryAt`, or at once when the server answers before then. Actions keep
    /// working and wait in the journal.
    case offline(reason: String, retryAt: Date)
    /// The server refused the login: the engine does not try again until the user asks
    /// (`$`, or going offline and back) or the config changes.
    case loginRefused(reason: String)
    /// The user switched the engine offline.
    case offlineByChoice
}
