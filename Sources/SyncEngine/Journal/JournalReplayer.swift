import Foundation
import IMAPProtocol
import MailStore
import MerleConfig
import Transport

/// Applies an IMAP account's pending journal entries on the server, in order.
///
/// An entry is removed only after the server confirmed it, in the same transaction that
/// maps its placeholder to the server's UID, so a kill at any point resumes without
/// applying anything twice: an entry found already done on the server (its message no
/// longer at the source, or already in the target) completes without a second change.
/// A refusal leaves the entry pending with its reason, retried next time; an entry that
/// can never succeed (its message is gone from the server) is kept as failed, with the
/// reason, and reported. A lost connection stops the replay; what is left stays pending.
public struct JournalReplayer: Sendable {
    /// What one replay did.
    public struct Summary: Sendable, Equatable {
        public var applied = 0
        public var deferred = 0
        public var failed = 0
        public var problems: [String] = []
        public init() {}
    }

    public let store: MailStore
    public let secrets: SecretProvider
    public var timeouts = Timeouts.standard

    public init(store: MailStore, secrets: @escaping SecretProvider) {
        self.store = store
        self.secrets = secrets
    }

    /// Replays what is pending on a session of its own; connects only when there is
    /// something to do.
    @discardableResult
    public func replay(account: AccountConfiguration) throws -> Summary {
        guard case let .imap(server) = account.incoming else { return Summary() }
        guard let accountRecord = try store.accounts().first(where: { $0.name == account.name }) else { return Summary() }
        guard try !store.pendingJournal(accountId: accountRecord.id!).isEmpty else { return Summary() }
        let session = try IMAPSession.open(to: server.endpoint, tls: server.tlsSettings, timeouts: timeouts,
                                           configuration: SessionConfiguration(tlsMode: server.tls),
                                           credentials: try IMAPCredentials.make(server: server, account: account.name, secrets: secrets))
        defer { try? session.logout() }
        return try replay(account: account, accountId: accountRecord.id!, session: session)
    }

    /// Replays what is pending on an open, authenticated session (the mirror's own),
    /// calling `progress` after each entry with (done, total).
    @discardableResult
    public func replay(account: AccountConfiguration, accountId: Int64, session: IMAPSession,
                       progress: (Int, Int) -> Void = { _, _ in }) throws -> Summary {
        let pending = try store.pendingJournal(accountId: accountId)
        guard !pending.isEmpty else { return Summary() }
        let run = JournalReplay(store: store, account: account, accountId: accountId, session: session)
        for (index, entry) in pending.enumerated() {
            // Earlier entries may have rewritten this one (a placeholder's new UID).
            guard let current = try store.journalEntry(id: entry.id!), current.state == .pending else { continue }
            try run.apply(current)
            progress(index + 1, pending.count)
        }
        return run.summary
    }
}

/// One replay run: the session, the selected folder and the running summary.
final class JournalReplay {
    let store: MailStore
    let account: AccountConfiguration
    let accountId: Int64
    let session: IMAPSession
    var summary = JournalReplayer.Summary()
    /// The folder selected now and its UIDVALIDITY.
    var selected: (name: String, uidValidity: Int64?)?
    var sentFolder: MailboxName?

    init(store: MailStore, account: AccountConfiguration, accountId: Int64, session: IMAPSession) {
        self.store = store
        self.account = account
        self.accountId = accountId
        self.session = session
    }

    /// Applies one entry. A refusal by the server defers it; a broken connection throws.
    func apply(_ entry: JournalEntry) throws {
        let id = entry.id!
        guard let operation = JournalOperation(entry: entry) else {
            try fail(id, "this version of Merle does not know the journal operation \(entry.operation)")
            return
        }
        do {
            switch operation {
            case let .appendSent(outboxId): try appendSent(id, outboxId: outboxId)
            case let .addFlags(messageId, flags, at): try changeFlags(id, messageId: messageId, flags: flags, add: true, at: at)
            case let .removeFlags(messageId, flags, at): try changeFlags(id, messageId: messageId, flags: flags, add: false, at: at)
            case let .move(messageId, from, to): try transfer(id, messageId: messageId, from: from, to: to, copyId: nil)
            case let .copy(messageId, from, to, copyId):
                // COPY is the one operation that would happen twice: after an attempt that
                // may have reached the server, a copy already in the target is the one.
                if entry.attempts > 0, try alreadyCopied(id, copyId: copyId, messageID: from.messageID, size: from.size, to: to) { return }
                try store.beginJournalAttempt(id: id)
                try transfer(id, messageId: messageId, from: from, to: to, copyId: copyId)
            case let .expunge(messageId, at): try expunge(id, messageId: messageId, at: at)
            case let .append(messageId, to, flags): try append(id, attempts: entry.attempts, messageId: messageId, to: to, flags: flags)
            case let .createFolder(name): try createFolder(id, name: name)
            case let .renameFolder(from, to): try renameFolder(id, from: from, to: to)
            case let .deleteFolder(name): try deleteFolder(id, name: name)
            }
        } catch let error as IMAPError {
            guard case .commandFailed = error else { throw error }
            try store.deferJournal(id: id, error: "\(error)")
            summary.deferred += 1
            summary.problems.append("\(entry.operation) (journal entry \(id)) waits: \(error)")
        }
    }

    // MARK: - Outcomes

    func applied() { summary.applied += 1 }

    func fail(_ id: Int64, _ reason: String, removingPlaceholder placeholder: Int64? = nil) throws {
        try store.failJournal(id: id, error: reason, removingPlaceholder: placeholder)
        summary.failed += 1
        summary.problems.append(reason)
    }

    // MARK: - Folders and messages on the server

    /// The message's UID in its folder (which must be selected): the recorded UID when
    /// it still exists under the same UIDVALIDITY, else the one message with the same
    /// Message-ID (and size, when several). Nil when the folder no longer has it.
    func resolve(_ location: MessageLocation, uidValidity: Int64?) throws -> UInt32? {
        // A UID is meaningful under the UIDVALIDITY it was seen with (unknown: trusted).
        if let uid = location.uid, location.uidValidity == nil || location.uidValidity == uidValidity, uid > 0, uid <= Int64(UInt32.max) {
            let found = try session.uidSearch([.uid(SequenceSet([UInt32(uid)]))])
            return found.contains(UInt32(uid)) ? UInt32(uid) : nil
        }
        return try find(messageID: location.messageID, size: location.size)
    }

    /// The UID of the message with this Message-ID in the selected folder.
    func find(messageID: String?, size: Int64?) throws -> UInt32? {
        guard let messageID, !messageID.isEmpty else { return nil }
        let matches = try session.uidSearch([.header("Message-ID", messageID)])
        guard matches.count > 1, let size else { return matches.first }
        let sized = try session.uidFetch(SequenceSet(matches), [.uid, .rfc822Size])
        return sized.first { $0.rfc822Size.map(Int64.init) == size }?.uid ?? matches.first
    }
}

extension JournalReplay {
    /// Whether the target already holds the copy an earlier attempt made; then the entry
    /// completes with that message's UID.
    func alreadyCopied(_ id: Int64, copyId: Int64, messageID: String?, size: Int64?, to target: String) throws -> Bool {
        guard case let .selected(validity) = try select(target), let found = try find(messageID: messageID, size: size) else { return false }
        try store.completeJournal(id: id, placed: copyId, in: target, uidValidity: validity, uid: Int64(found))
        applied()
        return true
    }
}
