import Foundation
import GRDB

/// The local store: accounts, the mirror of every folder, outgoing mail, the offline
/// journal and POP3 downloads, in one SQLite file in WAL mode.
///
/// This is primary data, not a cache: the outbox, the journal and POP3 downloads
/// exist nowhere else. The schema only grows through named migrations and the file
/// is never dropped or recreated. The file and its WAL are readable by the owner only.
public final class MailStore: Sendable {
    /// The connection pool; one writer, concurrent readers.
    public let database: DatabasePool
    /// Where the database file lives.
    public let path: String

    /// Opens (creating if needed) the store at `path` and runs pending migrations.
    public init(path: String) throws {
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
                try db.execute(sql: "PRAGMA page_size = 8192")
            }
            database = try DatabasePool(path: path, configuration: configuration)
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

    /// Runs SQLite's own consistency check; returns its complaints (empty when sound).
    public func integrityProblems() throws -> [String] {
        try database.read { db in
            let rows = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            return rows == ["ok"] ? [] : rows
        }
    }
}
