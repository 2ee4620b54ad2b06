import Foundation
import GRDB
import MailMessage
import Synchronization

/// Searching encrypted bodies, an opt-in per account (`search_encrypted`): the index
/// then holds the decrypted words of those accounts' encrypted mail, which is the very
/// thing encryption kept off the disk, so it is off unless asked for. Which index rows
/// hold decrypted text is kept in `message_fts_decrypted` (v19), so turning the option
/// off takes that text out again.
public struct EncryptedBodySearch: Sendable {
    /// The accounts (store ids) whose encrypted bodies are decrypted for the index.
    public var accountIds: Set<Int64>
    /// What decrypts them. It must never ask for a passphrase: indexing runs in the
    /// background, so a key the agent holds no passphrase for leaves the body unindexed
    /// until it does (see `MailStore.useEncryptedBodySearch`).
    public var cryptography: any MessageCryptography

    public init(accountIds: Set<Int64>, cryptography: any MessageCryptography) {
        self.accountIds = accountIds
        self.cryptography = cryptography
    }
}

extension MailStore {
    /// Decrypts the encrypted bodies of `search`'s accounts when they are indexed (nil:
    /// of no account), and queues for the index what no longer matches it
    /// (`queueEncryptedBodiesForSearch`). Returns how many messages were queued.
    @discardableResult
    public func useEncryptedBodySearch(_ search: EncryptedBodySearch?) throws -> Int {
        encryptedBodySearch.withLock { $0 = search }
        return try queueEncryptedBodiesForSearch()
    }

    /// Puts back in the index's queue the rows that do not match the accounts' choice:
    /// decrypted rows of accounts that left the option (indexed again without their
    /// text), and encrypted messages of accounts in it whose rows hold no decrypted text
    /// yet (received before, or while the agent held no passphrase). Returns how many.
    @discardableResult
    public func queueEncryptedBodiesForSearch() throws -> Int {
        let accounts = Array(encryptedBodySearch.withLock { $0?.accountIds } ?? [])
        // Every command that indexes asks at its start: with the option off everywhere and
        // no decrypted rows, nothing can change, so no write transaction is taken.
        if accounts.isEmpty, try database.read({ db in try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM message_fts_decrypted)")! }) {
            return 0
        }
        // (SQLite reads `IN ()` as an empty list: no account.)
        let placeholders = Array(repeating: "?", count: accounts.count).joined(separator: ", ")
        return try database.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO message_fts_pending (message_id)
                SELECT d.message_id FROM message_fts_decrypted d JOIN message m ON m.id = d.message_id
                JOIN folder f ON f.id = m.folder_id WHERE f.account_id NOT IN (\(placeholders))
                """, arguments: StatementArguments(accounts))
            var queued = db.changesCount
            guard !accounts.isEmpty else { return queued }
            try db.execute(sql: """
                INSERT OR IGNORE INTO message_fts_pending (message_id)
                SELECT m.id FROM message m JOIN folder f ON f.id = m.folder_id
                WHERE m.crypto_mark = 'encrypted' AND f.account_id IN (\(placeholders))
                  AND m.id NOT IN (SELECT message_id FROM message_fts_decrypted)
                  AND EXISTS (SELECT 1 FROM message_body b WHERE b.message_id = m.id)
                """, arguments: StatementArguments(accounts))
            queued += db.changesCount
            return queued
        }
    }

    /// The accounts whose encrypted bodies are decrypted for the index now.
    public var encryptedBodySearchAccounts: Set<Int64> { encryptedBodySearch.withLock { $0?.accountIds } ?? [] }

    /// Messages whose index row holds decrypted text.
    public func decryptedSearchRows() throws -> Set<Int64> {
        try database.read { db in Set(try Int64.fetchAll(db, sql: "SELECT message_id FROM message_fts_decrypted")) }
    }

    /// The text to index of an encrypted message when its account searches encrypted
    /// bodies and it decrypts without asking; nil otherwise (index it as it is).
    func decryptedSearchText(_ message: MIMEMessage, accountId: Int64?) -> String? {
        // The account first: `wholeMessageEncryption` parses the MIME tree again.
        guard let accountId, let search = encryptedBodySearch.withLock({ $0 }), search.accountIds.contains(accountId),
              message.wholeMessageEncryption != nil, let decrypted = message.decrypted(with: search.cryptography) else { return nil }
        return Self.searchText(decrypted)
    }

    /// Keeps which index rows hold decrypted text (v19), and finds encrypted messages
    /// without reading the whole message table.
    static func keepDecryptedSearchRows(_ db: Database) throws {
        try db.create(table: "message_fts_decrypted") { table in
            table.primaryKey("message_id", .integer).references("message", onDelete: .cascade)
        }
        try db.execute(sql: "CREATE INDEX message_encrypted ON message (folder_id) WHERE crypto_mark = 'encrypted'")
    }
}
