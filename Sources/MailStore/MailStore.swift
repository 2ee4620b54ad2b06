import Foundation
import GRDB
import Synchronization

/// The local store: accounts, the mirror of every folder, outgoing mail, the offline
/// journal and POP3 downloads, in one SQLite file in WAL mode; downloaded bodies in
/// pack files in a folder beside it (`BodyPacks`).
///
/// This is primary data, not a cache: the outbox, the journal and POP3 downloads
/// exist nowhere else. The schema only grows through named migrations and the file
/// is never dropped or recreated. The file and its WAL are readable by the owner only.
public final class MailStore: Sendable {
    /// The connection pool; one writer, concurrent readers. Only the store's own
    /// methods write, so the invariants they keep hold (GRDB's `AppDatabase` shape).
    let database: DatabasePool

    /// Read-only access for tools and tests that look at the store's tables; nothing
    /// outside the store writes.
    public var reader: any DatabaseReader { database }
    /// Where the database file lives.
    public let path: String
    /// The pack files holding downloaded bodies.
    public let bodies: BodyPacks
    /// Syncs the bytes appended to `bodies` before any transaction that points at them commits.
    private let bodySync: BodySyncBeforeCommit
    /// Whose encrypted bodies are decrypted for the search index (`useEncryptedBodySearch`).
    let encryptedBodySearch = Mutex<EncryptedBodySearch?>(nil)

    /// Opens (creating if needed) the store at `path` and runs pending migrations.
    /// `bodyPackLimit`: the size at which a body pack stops growing (tests make it small).
    public init(path: String, bodyPackLimit: Int64 = 1 << 30) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try Self.prepareFiles(directory: directory, path: path)
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                // A crash may lose the last transaction but never corrupts the file;
                // synchronous=NORMAL is durable enough in WAL mode and much faster.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // Debian's SQLite zeroes every freed page (secure_delete on): deleting
                // 100 messages of 35 KB cost 0.38 s instead of 0.03 s. FAST zeroes what is
                // rewritten anyway; freed body pages are reused by the next mail, as a
                // Maildir's unlinked files leave their blocks to the file system.
                try db.execute(sql: "PRAGMA secure_delete = FAST")
                // A new store gets 8 KB pages (it takes effect only before the first table):
                // a 35 KB body spans 5 pages instead of 9, and a first sync of 10,000
                // messages wrote them with 4.2-4.4 s instead of 4.8-5.1 s, resyncs unchanged.
                // (Measured while downloads kept their bodies here; since v9 only inline
                // bodies do, and page size was not measured again.)
                try db.execute(sql: "PRAGMA page_size = 8192")
                // Statement journals in memory: an insert into `message` touches its table,
                // nine indexes and a trigger's update, more than the 64 KB SQLite keeps in
                // memory before it spills a statement journal to a temporary file. Spilled,
                // a first sync of 10,000 messages wrote 1.3 GB to temporary files.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
                db.add(function: AddressFieldMatch.function)
                // MERLE_SQL_TRACE=FILE: every statement slower than half a millisecond, with
                // its time, appended to FILE (one write per line, so connections interleave
                // whole lines). For finding what a key press waits for.
                if let tracePath = ProcessInfo.processInfo.environment["MERLE_SQL_TRACE"], !tracePath.isEmpty {
                    let descriptor = open(tracePath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
                    db.trace(options: .profile) { event in
                        guard descriptor >= 0, case let .profile(statement, duration) = event, duration > 0.0005 else { return }
                        let line = Array("\(String(format: "%.2f", duration * 1000)) ms  \(statement.sql)\n".utf8)
                        _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                    }
                }
            }
            database = try DatabasePool(path: path, configuration: configuration)
            bodies = try BodyPacks(directory: BodyPacks.directory(forStore: path), packLimit: bodyPackLimit)
            bodySync = BodySyncBeforeCommit(bodies)
            database.add(transactionObserver: bodySync, extent: .observerLifetime)
            try StoreSchema.migrator.migrate(database)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.cannotOpen(path: path, detail: "\(error)")
        }
    }

    /// The store file inside a data directory.
    public static func defaultPath(dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent("merle.sqlite")
    }

    /// Creates the directory (0700) and an empty database file (0600) before SQLite
    /// opens it, so the file is never briefly world-readable. SQLite gives the -wal
    /// and -shm files the mode of the database file.
    private static func prepareFiles(directory: String, path: String) throws {
        let manager = FileManager.default
        if !directory.isEmpty, !manager.fileExists(atPath: directory) {
            do {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError.cannotOpen(path: path, detail: "cannot create the folder \(directory): \(error.localizedDescription)")
            }
        }
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError.cannotOpen(path: path, detail: String(cString: strerror(errno)))
        }
        fchmod(descriptor, 0o600)
        close(descriptor)
    }

    /// Runs SQLite's own consistency check and checks that every body in a pack lies
    /// within it; returns the complaints (empty when sound).
    public func integrityProblems() throws -> [String] {
        let (sqlite, ends) = try database.read { db in
            let rows = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            let ends = try Row.fetchAll(db, sql: """
                SELECT pack, max(pack_offset + pack_length), count(*) FROM message_body WHERE pack IS NOT NULL GROUP BY pack
                """).map { (pack: $0[0] as Int64, end: $0[1] as Int64, bodies: $0[2] as Int) }
            return (rows == ["ok"] ? [] : rows, ends)
        }
        let sizes = Dictionary(uniqueKeysWithValues: bodies.packs().map { ($0.number, $0.size) })
        return sqlite + ends.compactMap { pack in
            guard let size = sizes[pack.pack] else {
                return "the body pack \(bodies.path(ofPack: pack.pack)) is missing: \(pack.bodies) messages' bytes were in it"
            }
            guard size >= pack.end else {
                return "the body pack \(bodies.path(ofPack: pack.pack)) is \(size) bytes, shorter than the \(pack.end) its messages need"
            }
            return nil
        }
    }
}

/// Makes the bytes appended to the packs durable just before the writer commits, so a
/// committed row never points at bytes a crash lost (a crash before the commit leaves
/// unreferenced bytes, which compaction drops). A failed sync rolls the transaction back.
/// The end of a transaction lets the packs' pending lock go (see `BodyPacks.holding`).
private final class BodySyncBeforeCommit: TransactionObserver, @unchecked Sendable {
    private let bodies: BodyPacks

    init(_ bodies: BodyPacks) { self.bodies = bodies }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseWillCommit() throws { try bodies.syncAppended() }
    func databaseDidCommit(_ db: Database) { bodies.transactionEnded() }
    func databaseDidRollback(_ db: Database) { bodies.transactionEnded() }
}
