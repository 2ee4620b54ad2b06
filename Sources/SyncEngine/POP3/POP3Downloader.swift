import Foundation
import MailStore
import MerleConfig
import POP3Protocol
import Transport

/// Downloads new mail of a POP3 account into the store's local INBOX and applies the
/// account's delete policy (RFC 1939).
///
/// UIDL decides what is new. Each message is committed with its UIDL before anything
/// is deleted on the server, so a kill at any point resumes with no loss and no
/// duplicate; deletions are recorded only after the server's QUIT confirms them.
public struct POP3Downloader: Sendable {
    /// What one run did.
    public struct Summary: Sendable, Equatable {
        public var downloaded = 0
        public var deletedOnServer = 0
        public var warnings: [String] = []
        public init() {}
    }

    public typealias Progress = (_ done: Int, _ total: Int) -> Void

    public let store: MailStore
    public let secrets: SecretProvider
    public var timeouts = Timeouts.standard
    public var listingLimit = 1_000_000
    /// New messages committed to the INBOX (its id, how many), once per batch.
    public var stored: (@Sendable (Int64, Int) -> Void)?

    public init(store: MailStore, secrets: @escaping SecretProvider) {
        self.store = store
        self.secrets = secrets
    }

    public func download(account: AccountConfiguration, now: Date = Date(), progress: Progress = { _, _ in }) throws -> Summary {
        guard case let .pop3(server) = account.incoming else {
            throw EngineError.notPOP3(account: account.name)
        }
        let accountRecord = try store.ensureAccount(name: account.name, kind: .pop3, email: account.email)
        let accountId = accountRecord.id!
        let inbox = try store.ensureFolder(accountId: accountId, name: "INBOX")
        let session = try POP3Session.connect(to: server.endpoint, mode: server.tls, tls: server.tlsSettings, timeouts: timeouts)
        var quitDone = false
        defer { if !quitDone { session.quit() } }
        session.listingLimit = listingLimit
        try session.authenticate(user: server.user, password: try secrets(account.name, server))

        var summary = Summary()
        let listing = try uniqueIDs(session: session, summary: &summary)
        let known = try store.pop3Downloads(accountId: accountId)
        let fresh = listing.filter { known[$0.uid] == nil }
        var seen = Set<String>()
        let wanted = fresh.filter { seen.insert($0.uid).inserted }
        summary.downloaded = try downloadInOrder(wanted, session: session, accountId: accountId, folderId: inbox.id!,
                                                 now: now, progress: progress)

        let deletions = try plannedDeletions(listing: listing, accountId: accountId, policy: account.pop3Policy, now: now)
        for entry in deletions {
            try session.delete(entry.number)
        }
        try session.commitAndQuit()
        quitDone = true
        try store.markDeletedOnServer(accountId: accountId, uidls: deletions.map(\.uid))
        summary.deletedOnServer = deletions.count
        return summary
    }

    /// One transaction holds at most 64 messages, a quarter of those still to come, 2 MB,
    /// or what came in 0.1 s since the last batch. One commit per message made SQLite
    /// rewrite the same b-tree and FTS pages (and FTS5 flush a segment) each time. The
    /// quarter keeps a short download, and the end of a long one, in small commits:
    /// progress moves, and a kill near the end still lands between two commits (as
    /// `scripts/kill-campaign` does). The time keeps a slow server's mail from waiting.
    private static let batchLimit = (messages: 64, bytes: 2 << 20, seconds: 0.1)

    /// Reads and parses on a second thread while this one writes batches of messages,
    /// each with its UIDL, one transaction per batch: the network, the parser and
    /// SQLite overlap, and at most a few batches are held in memory. What was read
    /// before a network error is still written.
    private func downloadInOrder(_ wanted: [POP3Session.UniqueID], session: POP3Session, accountId: Int64, folderId: Int64,
                                 now: Date, progress: Progress) throws -> Int {
        let queue = BoundedQueue<Batch>(capacity: 2)
        let uidByNumber = Dictionary(wanted.map { ($0.number, $0.uid) }, uniquingKeysWith: { first, _ in first })
        let reader = SessionBox(session)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            defer { done.signal() }
            var batch: [MailStore.PreparedDownload] = []
            var bytes = 0
            var pushed = 0
            var lastPush = DispatchTime.now().uptimeNanoseconds
            do {
                try reader.session.retrieve(wanted.map(\.number)) { number, raw in
                    batch.append(MailStore.PreparedDownload(uidl: uidByNumber[number]!, raw: raw, folderId: folderId, downloadedAt: now))
                    bytes += raw.count
                    let messages = max(1, min(Self.batchLimit.messages, (wanted.count - pushed) / 4))
                    let sincePush = Double(DispatchTime.now().uptimeNanoseconds - lastPush) / 1e9
                    guard batch.count >= messages || bytes >= Self.batchLimit.bytes
                            || sincePush >= Self.batchLimit.seconds else { return }
                    guard queue.push(Batch(batch)) else { throw CancellationError() }
                    pushed += batch.count
                    batch = []
                    bytes = 0
                    // After the push, which waits while the writer is behind.
                    lastPush = DispatchTime.now().uptimeNanoseconds
                }
                if !batch.isEmpty { queue.push(Batch(batch)) }
                queue.finish()
            } catch {
                if !batch.isEmpty { queue.push(Batch(batch)) }
                queue.finish(error: error)
            }
        }
        defer {
            queue.cancel()
            done.wait()
        }
        var count = 0
        while let next = try queue.pop() {
            let batch = next.take()
            try store.storeDownloaded(accountId: accountId, folderId: folderId, batch, now: now)
            stored?(folderId, batch.count)
            for _ in batch {
                count += 1
                progress(count, wanted.count)
            }
        }
        return count
    }

    /// One batch on its way from the reading thread to the writer, who empties it: the
    /// queue keeps up to a few hundred taken elements before it compacts, and it should
    /// not keep their bytes (256 batches would be most of the mailbox).
    private final class Batch: @unchecked Sendable {
        private var messages: [MailStore.PreparedDownload]
        init(_ messages: [MailStore.PreparedDownload]) { self.messages = messages }

        func take() -> [MailStore.PreparedDownload] {
            defer { messages = [] }
            return messages
        }
    }

    /// Hands the session to the reading thread; this thread does not touch it until
    /// the reader is done.
    private final class SessionBox: @unchecked Sendable {
        let session: POP3Session
        init(_ session: POP3Session) { self.session = session }
    }

    /// The UIDL listing, or for servers without UIDL a stand-in id from a hash of each
    /// message's header (TOP n 0), with a warning.
    private func uniqueIDs(session: POP3Session, summary: inout Summary) throws -> [POP3Session.UniqueID] {
        if let listing = try session.uniqueIDs() { return listing }
        summary.warnings.append("the server does not support UIDL; messages are recognised by a hash of their headers, which can miss or repeat a message whose headers change")
        return try session.list().map { entry in
            POP3Session.UniqueID(number: entry.number, uid: "merle-sha256:" + ContentHash.sha256Hex(try session.top(entry.number, lines: 0)))
        }
    }

    private func plannedDeletions(listing: [POP3Session.UniqueID], accountId: Int64, policy: POP3Policy,
                                  now: Date) throws -> [POP3Session.UniqueID] {
        guard policy.deleteAfterDownload || policy.deleteAfterDays != nil || policy.deleteWhenDeletedLocally else { return [] }
        let known = try store.pop3Downloads(accountId: accountId)
        return listing.filter { entry in
            guard let download = known[entry.uid], !download.deletedOnServer else { return false }
            if policy.deleteAfterDownload { return true }
            if policy.deleteWhenDeletedLocally, download.messageId == nil { return true }
            if let days = policy.deleteAfterDays, now.timeIntervalSince(download.downloadedAt) >= Double(days) * 86_400 { return true }
            return false
        }
    }
}
