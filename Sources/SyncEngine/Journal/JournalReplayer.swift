import Foundation
import GRDB
import IMAPProtocol
import MailStore
import MerleConfig
import Transport

/// Applies an IMAP account's pending journal entries on the server, in order.
///
/// An entry is removed only after the server confirmed it; a failure leaves it pending
/// with its reason (retried next time), or marks it failed when it can never succeed
/// (its message no longer exists). This is the start of the offline journal: sent
/// copies and flag changes.
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

    /// Replays what is pending; connects only when there is something to do.
    @discardableResult
    public func replay(account: AccountConfiguration) throws -> Summary {
        guard case let .imap(server) = account.incoming else { return Summary() }
        guard let accountRecord = try store.accounts().first(where: { $0.name == account.name }) else { return Summary() }
        let pending = try store.pendingJournal(accountId: accountRecord.id!)
        guard !pending.isEmpty else { return Summary() }

        let session = try IMAPSession.open(to: server.endpoint, tls: server.tlsSettings, timeouts: timeouts,
                                           configuration: SessionConfiguration(tlsMode: server.tls),
                                           credentials: try IMAPCredentials.make(server: server, account: account.name, secrets: secrets))
        defer { try? session.logout() }
        var summary = Summary()
        var sentFolder: MailboxName?
        for entry in pending {
            guard let operation = JournalOperation(entry: entry) else {
                try store.failJournal(id: entry.id!, error: "this version of Merle does not know the operation \(entry.operation)")
                summary.failed += 1
                continue
            }
            do {
                switch operation {
                case let .appendSent(outboxId):
                    guard let row = try? store.outboxItem(id: outboxId) else {
                        try store.completeJournal(id: entry.id!)
                        continue
                    }
                    if sentFolder == nil { sentFolder = try resolveSentFolder(session: session, account: account, accountId: accountRecord.id!) }
                    _ = try session.append([UInt8](row.raw), to: sentFolder!, flags: [.seen])
                    try store.completeJournal(id: entry.id!) { db in
                        _ = try OutboxRecord.deleteOne(db, key: outboxId)
                    }
                case let .addFlags(messageId, flags), let .removeFlags(messageId, flags):
                    guard let target = try flagTarget(messageId: messageId) else {
                        try store.failJournal(id: entry.id!, error: "message \(messageId) no longer exists locally; the flag change was dropped")
                        summary.failed += 1
                        summary.problems.append("flag change on message \(messageId) dropped: the message is gone")
                        continue
                    }
                    guard let uid = target.uid else {
                        // Not on the server yet (a local copy waiting for its UID): later.
                        try store.deferJournal(id: entry.id!, error: "the message has no server UID yet")
                        summary.deferred += 1
                        continue
                    }
                    _ = try session.select(MailboxName(target.folder))
                    let kind: StoreOperation.Kind
                    if case .addFlags = operation { kind = .add } else { kind = .remove }
                    _ = try session.execute(.uidStore(SequenceSet([UInt32(uid)]), StoreOperation(kind, flags.map { Flag($0) }, silent: true)))
                    try store.completeJournal(id: entry.id!)
                }
                summary.applied += 1
            } catch let error as IMAPError {
                try store.deferJournal(id: entry.id!, error: "\(error)")
                summary.deferred += 1
                summary.problems.append("journal entry \(entry.id!): \(error)")
            }
        }
        return summary
    }

    /// The folder for sent copies: the configured name, else the one the store or the
    /// server marks `\Sent`, else "Sent" (created when missing).
    private func resolveSentFolder(session: IMAPSession, account: AccountConfiguration, accountId: Int64) throws -> MailboxName {
        if let configured = account.sentFolder { return MailboxName(configured) }
        let known = try store.folderSummaries(account: account.name).first { $0.role == "sent" }
        if let known { return MailboxName(known.name) }
        let listed = try session.list(returnOptions: session.has(Capability("SPECIAL-USE")) ? [.specialUse] : nil)
        if let sent = listed.first(where: { $0.has(.sent) }) { return sent.name }
        if let named = listed.first(where: { $0.name.name.caseInsensitiveCompare("Sent") == .orderedSame }) { return named.name }
        _ = try session.execute(.create(MailboxName("Sent")))
        return MailboxName("Sent")
    }

    private func flagTarget(messageId: Int64) throws -> (folder: String, uid: Int64?)? {
        try store.database.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT folder.name AS folder, message.uid AS uid FROM message JOIN folder ON folder.id = message.folder_id
                WHERE message.id = ?
                """, arguments: [messageId]) else { return nil }
            return (row["folder"], row["uid"])
        }
    }
}
