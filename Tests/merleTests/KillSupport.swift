import Foundation
import GRDB

/// What the kill tests share: merle started and killed with SIGKILL at a moment the
/// store shows, and the store file read while merle writes it.
enum KillSupport {
    /// One number from the store file (read-only, waiting for merle's writes).
    static func count(_ storePath: String, _ sql: String) -> Int? {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        return try? DatabaseQueue(path: storePath, configuration: configuration).read { db in try Int.fetchOne(db, sql: sql) }
    }

    /// Runs merle and kills it with SIGKILL once `killWhen` holds (asked every 2 ms);
    /// true when it was killed rather than finishing first (or running past 120 s).
    static func runAndKill(_ arguments: [String], killWhen: () -> Bool) throws -> Bool {
        let process = Process()
        process.executableURL = MerleProcess.binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        while process.isRunning, Date() < deadline {
            if killWhen() {
                kill(process.processIdentifier, SIGKILL)
                return true
            }
            Thread.sleep(forTimeInterval: 0.002)
        }
        return false
    }
}
