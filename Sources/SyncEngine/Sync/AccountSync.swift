import Foundation
import MailStore
import MerleConfig

/// One account brought in step with its servers: the one sync path of the reader's
/// engine and of `merle sync`. In order:
/// 1. mail in: the IMAP mirror (which applies the offline journal first, so it never
///    undoes the user's changes) or the POP3 download;
/// 2. the outbox, over the account's SMTP server;
/// 3. the journal again, for what sending added (sent copies, `\Answered`).
/// The store's upkeep (`StoreUpkeep`) follows once all accounts are done.
///
/// Mail in and mail out fail apart: an SMTP server that is down does not stop mail
/// from coming in, and the other way round. Progress and what was done come as
/// `EngineEvent`s on the calling thread (stored batches from the writer's thread).
public struct AccountSync {
    /// What one run did.
    public struct Outcome {
        /// Why mail could not come in (nil: in step, or POP3 downloaded).
        public var incoming: Error?
        /// Folders the server would not open, with its words (the rest are in step).
        public var refusedFolders: [String: String] = [:]
        /// Folders in step with the server (IMAP).
        public var foldersInStep = 0
        /// New messages stored.
        public var newMessages = 0
        /// What sending did; nil when the account has no SMTP server.
        public var sent: OutboxSender.Summary?
        /// Why sending failed (the messages stay queued).
        public var sending: Error?
    }

    public let store: MailStore
    public let account: AccountConfiguration
    public let secrets: SecretProvider
    /// Only this folder (IMAP accounts).
    public var folder: String?
    /// The user asked for it now: every queued message is tried, backoff or not.
    public var sendEverythingNow = false
    public let events: @Sendable (EngineEvent) -> Void

    public init(store: MailStore, account: AccountConfiguration, secrets: @escaping SecretProvider,
                events: @escaping @Sendable (EngineEvent) -> Void) {
        self.store = store
        self.account = account
        self.secrets = secrets
        self.events = events
    }

    /// The mirror of an IMAP account, its events turned into engine events; the account's
    /// `bodies` and `compress` settings replace those of `options`.
    public static func mirror(store: MailStore, account: AccountConfiguration, secrets: @escaping SecretProvider,
                              options: IMAPSyncOptions, events: @escaping @Sendable (EngineEvent) -> Void) throws -> IMAPMirror {
        let name = account.name
        var options = options
        options.bodies = account.bodies
        options.compression = account.compress
        let mirror = try IMAPMirror(store: store, account: account, secrets: secrets, options: options) { event in
            for engineEvent in event.engineEvents(account: name) { events(engineEvent) }
        }
        mirror.stored = { folderId, count in events(.messagesAdded(folderId: folderId, count: count)) }
        return mirror
    }

    /// Runs the sync. `mirror` is the account's mirror (IMAP), kept by the caller so its
    /// session lives from one sync to the next.
    public func run(mirror: IMAPMirror?) -> Outcome {
        var outcome = Outcome()
        do {
            switch account.incoming {
            case .imap:
                guard let mirror else { throw IMAPSyncError.notIMAP(account: account.name) }
                let summaries: [FolderSyncSummary]
                if let folder {
                    summaries = [try mirror.syncFolder(named: folder)]
                } else {
                    summaries = try mirror.sync()
                }
                outcome.newMessages = summaries.reduce(0) { $0 + $1.newMessages }
                outcome.foldersInStep = summaries.filter { $0.refused == nil }.count
                for summary in summaries { if let refused = summary.refused { outcome.refusedFolders[summary.folder] = refused } }
            case .pop3:
                var downloader = POP3Downloader(store: store, secrets: secrets)
                downloader.stored = { [events] folderId, count in events(.messagesAdded(folderId: folderId, count: count)) }
                let summary = try downloader.download(account: account) { [events, account] done, total in
                    events(.progress(SyncProgress(account: account.name, step: .downloading, done: done, total: total)))
                }
                outcome.newMessages = summary.downloaded
                events(.note(.downloaded(account: account.name, summary)))
            }
        } catch {
            outcome.incoming = error
        }
        if account.smtp != nil {
            do {
                let sent = try OutboxSender(store: store, secrets: secrets).flush(account: account, ignoringBackoff: sendEverythingNow) { [events, account] done, total in
                    events(.progress(SyncProgress(account: account.name, step: .sending, done: done, total: total)))
                }
                outcome.sent = sent
                if sent.sent + sent.failed + sent.deferred + sent.uncertain > 0 {
                    events(.outboxChanged)
                    events(.note(.sent(account: account.name, sent)))
                }
            } catch {
                outcome.sending = error
                events(.outboxChanged)
            }
        }
        // Sent copies and answered flags wait in the journal; IMAP applies them now when
        // the server could be reached at all (nothing is sent to it when none wait).
        if outcome.incoming == nil, let mirror {
            do { try mirror.replayJournal() } catch { outcome.incoming = error }
        }
        return outcome
    }
}

extension IMAPSyncEvent {
    /// The engine events this mirror event stands for.
    func engineEvents(account: String) -> [EngineEvent] {
        switch self {
        case let .foldersListed(changes):
            guard changes != FolderListChanges() else { return [] }
            return [.foldersChanged, .note(.foldersListed(account: account, changes))]
        case let .uidValidityChanged(folder, waiting):
            return [.note(.uidValidityChanged(account: account, folder: folder, waiting: waiting))]
        case let .headers(folder, done, total):
            return [.progress(SyncProgress(account: account, step: .headers(folder: folder), done: done, total: total))]
        case let .bodies(folder, done, total):
            return [.progress(SyncProgress(account: account, step: .bodies(folder: folder), done: done, total: total))]
        case let .folderFinished(summary):
            let changed = summary.expunged + summary.bodies + summary.rematched + summary.lostAfterUIDValidityChange > 0
            let change: [EngineEvent] = changed ? [.folderChanged(folderId: summary.folderId)]
                : summary.flagChanges > 0 ? [.flagsChanged(folderId: summary.folderId)] : []
            return change + [.note(.folderSynced(account: account, summary))]
        case let .journal(done, total):
            return [.progress(SyncProgress(account: account, step: .offlineChanges, done: done, total: total))]
        case let .journalReplayed(summary):
            return [.foldersChanged, .note(.journalReplayed(account: account, summary))]
        case let .notWatched(folder, reason):
            return [.note(.notWatched(account: account, folder: folder, reason: reason))]
        case .folderStarted, .idling, .serverChanged, .reconnecting:
            return []
        }
    }
}
