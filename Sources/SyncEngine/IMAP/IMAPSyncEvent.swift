import Foundation

/// What the mirror reports while it works, for a progress bar, the UI's status line
/// or a log. Delivered on the syncing thread, in order.
public enum IMAPSyncEvent: Sendable, Equatable {
    /// The folder list was mirrored.
    case foldersListed(FolderListChanges)
    /// A folder's sync began; `newMessages` headers are to be fetched.
    case folderStarted(folder: String, path: ResyncPath, newMessages: Int)
    /// The server replaced the mailbox (a new UIDVALIDITY); `waiting` messages are re-matched.
    case uidValidityChanged(folder: String, waiting: Int)
    /// Headers stored so far in this folder (the folder is listable from the first batch).
    case headers(folder: String, done: Int, total: Int)
    /// Bodies stored so far in this folder.
    case bodies(folder: String, done: Int, total: Int)
    /// A folder is in step with the server.
    case folderFinished(FolderSyncSummary)
    /// Waiting in IDLE for new mail in a folder.
    case idling(folder: String)
    /// The server announced a change during IDLE; a resync follows.
    case serverChanged(folder: String)
    /// A folder asked for in `watch` is not watched, and why (the server has no such
    /// folder, cannot open it, does not offer IDLE, or too many are asked for).
    case notWatched(folder: String, reason: String)
    /// Offline changes applied on the server so far (the journal replays before a sync).
    case journal(done: Int, total: Int)
    /// What the journal replay did, with the reasons for anything dropped or waiting.
    case journalReplayed(JournalReplayer.Summary)
    /// The connection failed; the next attempt comes after `delay` seconds.
    case reconnecting(after: Double, error: String)
}

/// How a folder was brought up to date.
public enum ResyncPath: String, Sendable, Equatable {
    /// First sync (or a resumed first sync): the whole UID list was compared.
    case full
    /// SELECT … (QRESYNC …): VANISHED (EARLIER) and changed FETCHes (RFC 7162 §3.2.5).
    case qresync
    /// CONDSTORE: FETCH … (CHANGEDSINCE) plus UID SEARCH for expunges (RFC 7162 §3.1).
    case condstore
    /// Neither: UID FETCH 1:* (FLAGS) compared with the mirror.
    case plain
}

/// What the folder list sync changed.
public struct FolderListChanges: Sendable, Equatable {
    public var added: [String] = []
    /// Old name → new name.
    public var renamed: [String: String] = [:]
    public var removed: [String] = []
    /// Folders gone from the server but kept because they hold local-only messages.
    public var kept: [String] = []

    public init() {}
}

/// What syncing one folder did.
public struct FolderSyncSummary: Sendable, Equatable {
    public var folder: String
    /// The folder's id in the store.
    public var folderId: Int64
    public var path: ResyncPath
    public var newMessages = 0
    public var flagChanges = 0
    public var expunged = 0
    public var bodies = 0
    public var rematched = 0
    /// Messages from before a UIDVALIDITY change that the server no longer has.
    public var lostAfterUIDValidityChange = 0
    /// The server's words when it refused to open the folder (SELECT answered NO):
    /// nothing in it was synced, the other folders were.
    public var refused: String?

    public init(folder: String, folderId: Int64, path: ResyncPath) {
        self.folder = folder
        self.folderId = folderId
        self.path = path
    }
}
