import Foundation

/// What the engine tells the UI, in order, from its own thread.
public enum EngineEvent: Sendable, Equatable {
    /// An account's connection state changed.
    case connection(account: String, ConnectionState)
    /// The store changed (an action applied, mail arrived): windows should reload.
    case storeChanged
    /// Work in progress, in words ("work: INBOX: headers 120 of 900"), with how far it got.
    case progress(String, done: Int, total: Int)
    /// An action or sync finished, in words ("Moved 2 messages to Archive.").
    case done(String)
    /// Something failed, in words that say what to do.
    case failed(String)
    /// Messages of a folder that the server's SEARCH found (ids in the store).
    case serverSearchResults(folderId: Int64, search: ServerSearch, ids: [Int64])
}

/// Whether an account's server is reachable, as the engine last found it.
public enum ConnectionState: Sendable, Equatable {
    case connecting
    case online
    /// Unreachable (connect failure, timeout, connection dropped); the next attempt
    /// comes after `retryIn` seconds. Actions keep working and wait in the journal.
    case offline(reason: String, retryIn: Double)
    /// The user switched the engine offline.
    case offlineByChoice
}
