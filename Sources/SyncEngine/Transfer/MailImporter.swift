import Foundation
import MailStore

/// `merle import`: the messages of a Maildir or an mbox into a folder of an account, with
/// their flags (Maildir info letters, mbox Status and X-Status lines) and arrival times
/// (a Maildir file's modification time, an mbox's `From ` line).
///
/// Mail goes into the store a batch at a time, each batch one transaction; in an IMAP
/// account each message's APPEND is journaled with it, so the next sync uploads it
/// (offline now or not) and a kill loses at most the batch being written. Lines are
/// stored with CRLF ends, as IMAP has them.
///
/// Running it again imports nothing twice: a message is already there when the folder
/// holds one with the same bytes apart from its Status and X-Status lines (which a
/// reader of the mbox may have changed since), or, for a message whose bytes are still
/// on the server, the same Message-ID and size. The same message twice in the source is
/// imported twice, as the source has it: its n-th copy is skipped only when the folder
/// held n copies before the run.
public struct MailImporter {
    /// What to import.
    public enum Source: Sendable {
        case maildir(String)
        case mbox(String, quoting: MboxQuoting)
    }

    /// What an import did.
    public struct Summary: Sendable, Equatable {
        public var folder: String
        public var imported = 0
        /// Messages the folder had already (an earlier run, or a copy synced from the server).
        public var alreadyThere = 0
        public var createdFolder = false
        /// An IMAP folder never synced here: copies already on the server could not be recognised.
        public var neverSynced = false
        /// The messages wait in the journal for the next sync (IMAP accounts).
        public var waitsForSync = false
    }

    public let store: MailStore
    /// Progress after each batch.
    public var progress: (SyncProgress) -> Void = { _ in }
    /// The time zone of an mbox's `From ` lines (ctime writes local time).
    public var timeZone = TimeZone.current
    /// A batch ends at this many bytes or messages.
    public var batchBytes = 8 << 20
    public var batchCount = 256

    public init(store: MailStore) {
        self.store = store
    }

    /// One message read from the source: its bytes as the file has them (LF line ends).
    struct Item: Sendable {
        var bytes: [UInt8]
        var flags: [String]
        var date: Date?
    }

    /// Imports everything `source` holds into `folderName` of the account (created when missing).
    public func run(_ source: Source, into folderName: String, account: AccountRecord) throws -> Summary {
        let target = try store.importTarget(accountId: account.id!, name: folderName)
        var summary = Summary(folder: target.folder.name, createdFolder: target.created, neverSynced: target.neverSynced,
                              waitsForSync: account.kind == .imap)
        var run = Deduplication()
        var batch: [Item] = []
        var batchSize = 0
        func flush(done: Int, total: Int, megabytes: Bool) throws {
            guard !batch.isEmpty else { return }
            let (imported, skipped) = try importBatch(batch, into: target.folder.id!, run: &run)
            summary.imported += imported
            summary.alreadyThere += skipped
            batch.removeAll(keepingCapacity: true)
            batchSize = 0
            progress(SyncProgress(account: nil, step: megabytes ? .importingMegabytes(folder: target.folder.name)
                                                              : .importing(folder: target.folder.name), done: done, total: total))
        }
        func add(_ item: Item) -> Bool {
            batch.append(item)
            batchSize += item.bytes.count
            return batch.count >= batchCount || batchSize >= batchBytes
        }
        switch source {
        case let .maildir(path):
            let entries = try MaildirReader.entries(path)
            for (index, entry) in entries.enumerated() {
                guard let data = FileManager.default.contents(atPath: entry.path) else { throw TransferError.cannotRead(entry.path) }
                if add(Item(bytes: [UInt8](data), flags: entry.flags, date: entry.modified)) {
                    try flush(done: index + 1, total: entries.count, megabytes: false)
                }
            }
            try flush(done: entries.count, total: entries.count, megabytes: false)
        case let .mbox(path, quoting):
            var reader = try MboxReader(path: path, quoting: quoting, timeZone: timeZone)
            let total = max(1, reader.size >> 20)
            while let message = try reader.next() {
                if add(Item(bytes: message.bytes, flags: MboxStatus.flags(message.bytes), date: message.fromLine.date)) {
                    try flush(done: min(total, reader.offset >> 20), total: total, megabytes: true)
                }
            }
            try flush(done: total, total: total, megabytes: true)
        }
        return summary
    }

    /// A batch: prepared on every core, what the folder already has left out, the rest
    /// stored in one transaction. Returns (stored, left out).
    private func importBatch(_ items: [Item], into folderId: Int64, run: inout Deduplication) throws -> (Int, Int) {
        let prepared = concurrentMap(items) { item -> (MailStore.PreparedImport, String) in
            let raw = LineEndings.crlf(item.bytes)
            return (MailStore.PreparedImport(raw: raw, flags: item.flags, internalDate: item.date), Self.identity(raw))
        }
        try run.countCopies(of: prepared, in: folderId, store: store)
        var wanted: [MailStore.PreparedImport] = []
        for (message, identity) in prepared where run.isNew(identity) {
            wanted.append(message)
        }
        try store.storeImported(folderId: folderId, wanted)
        return (wanted.count, items.count - wanted.count)
    }

    /// What makes two messages the same for an import: their bytes (CRLF) without the
    /// Status and X-Status lines.
    static func identity(_ raw: [UInt8]) -> String {
        ContentHash.sha256Hex(MboxStatus.withoutStatus(raw))
    }

    /// Copies per identity the folder held before the run, and copies the run has met.
    struct Deduplication {
        private var before: [String: Int] = [:]
        private var met: [String: Int] = [:]

        /// Counts the folder's copies of identities this run meets for the first time
        /// (before it stores any of them).
        mutating func countCopies(of batch: [(MailStore.PreparedImport, String)], in folderId: Int64, store: MailStore) throws {
            let fresh = batch.filter { before[$0.1] == nil }
            guard !fresh.isEmpty else { return }
            let candidates = try store.importCandidates(folderId: folderId, messageIDs: fresh.compactMap(\.0.messageID),
                                                        contentHashes: fresh.filter { $0.0.messageID == nil }.map(\.0.contentHash))
            var identities: [Int64: String] = [:]
            for candidate in candidates where candidate.hasBody {
                if let raw = try store.rawMessage(id: candidate.id) { identities[candidate.id] = MailImporter.identity([UInt8](raw)) }
            }
            for (message, identity) in fresh where before[identity] == nil {
                before[identity] = candidates.filter { candidate in
                    if let known = identities[candidate.id] { return known == identity }
                    // Bytes still on the server: the same Message-ID and size.
                    return !candidate.hasBody && message.messageID != nil && candidate.messageID == message.messageID
                        && candidate.size == message.size
                }.count
            }
        }

        /// Whether this copy is one more than the folder had: then it is imported.
        mutating func isNew(_ identity: String) -> Bool {
            met[identity, default: 0] += 1
            return met[identity]! > before[identity, default: 0]
        }
    }
}
