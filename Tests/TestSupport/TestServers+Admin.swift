import Foundation

extension TestServers {
    /// The repository's `scripts/test-servers`, found from this file's location.
    public static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/test-servers").path
    }

    /// Empties a test user's mail (a fresh account, new UIDVALIDITY).
    public func resetUser(_ name: String) throws {
        try Self.runScript(["reset-user", name])
    }

    static func runScript(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSupportError("test-servers \(arguments.joined(separator: " ")) failed: \(String(decoding: data, as: UTF8.self))")
        }
    }
}

extension TestServers {
    /// Drops every IMAP and POP3 session of the user on the server (`doveadm kick`).
    public func kick(_ user: User) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/doveadm")
        process.arguments = ["-c", Self.stateDirectory + "/dovecot/dovecot.conf", "kick", user.name]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
    }
}
