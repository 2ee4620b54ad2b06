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
    /// Stores a message in a user's folder as a delivery agent does (`scripts/test-servers
    /// deliver`, that is `doveadm save`), not through an IMAP session of the user.
    public func deliver(_ raw: [UInt8], to user: User, folder: String = "INBOX") throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("merle-deliver-\(UUID().uuidString).eml").path
        guard FileManager.default.createFile(atPath: path, contents: Data(raw)) else {
            throw TestSupportError("cannot write \(path)")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.runScript(["deliver", user.name, path, folder])
    }

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
