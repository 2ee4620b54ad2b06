import Foundation
import IMAPProtocol
import MailStore
import MerleConfig
import Transport

/// Keeps an exact mirror of an IMAP account in the store: the folder list with
/// SPECIAL-USE roles, every selectable folder's messages (UIDs, flags, sizes,
/// internal dates, headers) and bodies by policy. DESIGN.md "Sync engine".
///
/// Safety: each batch is one store transaction, and a folder's `uidnext` is written
/// only when all of its headers are stored, so a kill at any point resumes with an
/// exact mirror and no duplicates. Local-only state (messages without a UID, the
/// journal, the outbox) is never removed by a sync.
///
/// Threading: like the `IMAPSession` it owns, a mirror is used from one thread at a
/// time (the UI runs it on the engine's thread and reads the store from its own).
public final class IMAPMirror {
    public let store: MailStore
    public let account: AccountConfiguration
    public let server: ServerConfiguration
    public var options: IMAPSyncOptions
    /// Progress and changes, in order, on the calling thread.
    public var events: (IMAPSyncEvent) -> Void
    /// New messages committed to a folder (its id, how many), once per batch, from the
    /// thread that writes them: a reader can show them while the sync goes on.
    public var stored: (@Sendable (Int64, Int) -> Void)?
    let secrets: SecretProvider
    let accountId: Int64
    /// The open session, reused between calls; nil after a fault (the next call reconnects).
    var session: IMAPSession?

    public init(store: MailStore, account: AccountConfiguration, secrets: @escaping SecretProvider = passwordCommandSecrets,
                options: IMAPSyncOptions = IMAPSyncOptions(), events: @escaping (IMAPSyncEvent) -> Void = { _ in }) throws {
        guard case let .imap(server) = account.incoming else { throw IMAPSyncError.notIMAP(account: account.name) }
        self.store = store
        self.account = account
        self.server = server
        self.secrets = secrets
        self.options = options
        self.events = events
        accountId = try store.ensureAccount(name: account.name, kind: .imap, email: account.email).id!
    }

    deinit { session?.close() }

    /// Mirrors the folder list, then every selectable folder (or `options.folders`),
    /// INBOX first. Returns what each folder's sync did.
    @discardableResult
    public func sync() throws -> [FolderSyncSummary] {
        try withSession { session in
            try replayJournal(session)
            let changes = try syncFolderList(session)
            events(.foldersListed(changes))
            // A folder created here and not yet on the server has nothing to sync.
            let pending = try store.pendingFolderNames(accountId: accountId)
            var folders = try store.mirrorFolders(accountId: accountId).filter { $0.selectable && !pending.keep.contains($0.name) }
            if let wanted = options.folders {
                folders = try wanted.map { name in
                    guard let folder = folders.first(where: { Self.sameName($0.name, name) }) else {
                        throw IMAPSyncError.unknownFolder(name)
                    }
                    return folder
                }
            }
            folders.sort { left, right in
                let (l, r) = (left.name.uppercased() == "INBOX", right.name.uppercased() == "INBOX")
                return l != r ? l : left.name < right.name
            }
            return try folders.map { folder in
                do {
                    return try syncFolder(folder, session: session)
                } catch let IMAPError.commandFailed(command, .no, text) where ["SELECT", "EXAMINE"].contains(command.uppercased()) {
                    // One folder the server will not open (a name it lists but cannot select,
                    // a permission) must not keep every other folder out of step.
                    var summary = FolderSyncSummary(folder: folder.name, folderId: folder.id!, path: .full)
                    summary.refused = text.isEmpty ? "the server refused to open it" : text
                    events(.folderFinished(summary))
                    return summary
                }
            }
        }
    }

    /// Applies the offline journal on the server first, so that the mirror then sees
    /// the user's own changes and never undoes them.
    @discardableResult
    public func replayJournal() throws -> JournalReplayer.Summary {
        try withSession { session in try replayJournal(session) }
    }

    @discardableResult
    func replayJournal(_ session: IMAPSession) throws -> JournalReplayer.Summary {
        let summary = try JournalReplayer(store: store, secrets: secrets)
            .replay(account: account, accountId: accountId, session: session) { [events] done, total in
                events(.journal(done: done, total: total))
            }
        if summary != JournalReplayer.Summary() { events(.journalReplayed(summary)) }
        return summary
    }

    /// Mirrors the folder list only.
    @discardableResult
    public func syncFolderList() throws -> FolderListChanges {
        try withSession { session in
            let changes = try syncFolderList(session)
            events(.foldersListed(changes))
            return changes
        }
    }

    /// Brings one folder (by its server name) in step with the server.
    @discardableResult
    public func syncFolder(named name: String) throws -> FolderSyncSummary {
        try withSession { session in
            try replayJournal(session)
            var folder = try store.mirrorFolders(accountId: accountId).first { Self.sameName($0.name, name) }
            if folder == nil {
                _ = try syncFolderList(session)
                folder = try store.mirrorFolders(accountId: accountId).first { Self.sameName($0.name, name) }
            }
            guard let folder else { throw IMAPSyncError.unknownFolder(name) }
            guard folder.selectable else { throw IMAPSyncError.notSelectable(name) }
            return try syncFolder(folder, session: session)
        }
    }

    /// Downloads one message's body now (the UI opening a message whose body the
    /// policy left on the server) and stores it; the store then has its bytes. A large
    /// message comes in pieces (`fetchLargeBody`).
    public func fetchBody(messageId: Int64) throws {
        if try store.rawMessageSize(id: messageId) != nil { return }
        guard let location = try store.mirrorLocation(messageId: messageId) else {
            throw IMAPSyncError.notMirrored(messageId: messageId)
        }
        let size = Int(try store.message(id: messageId).size)
        guard size <= MailStore.maximumBodySize else {
            throw IMAPSyncError.bodyTooLarge(folder: location.folder.name, uid: location.uid, limit: MailStore.maximumBodySize)
        }
        try withSession { session in
            let selected = try select(session, location.folder, parameters: [])
            guard let validity = selected.uidValidity, Int64(validity.rawValue) == location.folder.uidvalidity else {
                // The mailbox was replaced: the UID means nothing now; a sync re-matches.
                throw IMAPSyncError.bodyMissing(folder: location.folder.name, uid: location.uid)
            }
            if isLarge(size) {
                guard try fetchLargeBody(session, folder: location.folder, uid: location.uid) else {
                    throw IMAPSyncError.bodyMissing(folder: location.folder.name, uid: location.uid)
                }
                return
            }
            let fetched = try session.uidFetch(SequenceSet([UInt32(location.uid)]), [.uid, .bodySection(.complete, peek: true)])
            guard let raw = fetched.first(where: { $0.uid == UInt32(location.uid) })?.body(.complete) else {
                throw IMAPSyncError.bodyMissing(folder: location.folder.name, uid: location.uid)
            }
            try store.storeBody(messageId: messageId, raw: raw)
        }
    }

    /// Logs out and closes the connection.
    public func close() {
        try? session?.logout()
        session = nil
    }

    // MARK: - Session

    /// Runs `body` on the open session (connecting first if needed). Any failure
    /// closes the session: the next call starts on a fresh connection.
    func withSession<T>(_ body: (IMAPSession) throws -> T) throws -> T {
        let session = try openSession()
        do {
            return try body(session)
        } catch {
            session.close()
            self.session = nil
            throw error
        }
    }

    func openSession() throws -> IMAPSession {
        if let session, session.state != .loggedOut { return session }
        let credentials = try IMAPCredentials.make(server: server, account: account.name, secrets: secrets)
        var extensions: [Capability] = [.utf8Accept]
        if options.useCondStore {
            extensions.append(.condStore)
            if options.useQResync { extensions.append(.qresync) }
        }
        let configuration = SessionConfiguration(tlsMode: server.tls, compression: options.compression, extensionsToEnable: extensions)
        let opened = try IMAPSession.open(to: server.endpoint, tls: server.tlsSettings, timeouts: options.timeouts,
                                          configuration: configuration, credentials: credentials)
        session = opened
        return opened
    }

    /// QRESYNC is in use on this session (RFC 7162 §3.2.3: it must be ENABLEd).
    func usesQResync(_ session: IMAPSession) -> Bool {
        options.useCondStore && options.useQResync && session.isEnabled(.qresync)
    }

    /// CONDSTORE is in use on this session.
    func usesCondStore(_ session: IMAPSession) -> Bool {
        options.useCondStore && (session.has(.condStore) || session.isEnabled(.condStore))
    }

    /// IMAP names compare exactly, except INBOX, which is case-insensitive (RFC 9051 §5.1).
    static func sameName(_ left: String, _ right: String) -> Bool {
        left == right || (left.uppercased() == "INBOX" && right.uppercased() == "INBOX")
    }
}
