import Foundation
import GRDB

/// Names the shells complete while the user types a command line (`merle list <Tab>`).
extension MailStore {
    /// The folder names (`folders`) or account names of the store at `path`, sorted and
    /// without duplicates. The file is opened read-only: nothing is created, migrated or
    /// written, and a missing, locked or unreadable store gives an empty list at once,
    /// because a completion must never hang the shell or print an error into it.
    public static func completionNames(storeAt path: String, folders: Bool) -> [String] {
        guard FileManager.default.isReadableFile(atPath: path) else { return [] }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(0.5)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            let sql = folders ? "SELECT DISTINCT name FROM folder ORDER BY name" : "SELECT name FROM account WHERE kind <> 'local' ORDER BY name"
            return try queue.read { db in try String.fetchAll(db, sql: sql) }
        } catch {
            return []
        }
    }
}
