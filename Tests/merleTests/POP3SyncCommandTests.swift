import Foundation
import GRDB
import SMTPProtocol
import TestSupport
import Testing
import Transport

/// `merle sync` on a POP3 account, including a kill -9 in the middle of a download.
@Suite(.serialized) struct POP3SyncCommandTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    func config(in folder: TemporaryFolder, user: TestServers.User) throws -> String {
        let passwordFile = try folder.write("pw", user.password + "\n")
        return try folder.write("config.toml", """
            [[account]]
            name = "pop"
            email = "\(user.email)"
            [account.pop3]
            host = "\(servers.host)"
            port = \(servers.pop3sPort)
            user = "\(user.name)"
            password_command = "cat \(passwordFile)"
            ca_file = "\(servers.caFile)"
            """)
    }

    func seed(_ count: Int, to user: TestServers.User) throws {
        try servers.resetUser(user.name)
        let session = try SMTPSession.connect(to: Endpoint(host: servers.host, port: servers.smtpPort), mode: .starttls,
                                              tls: TLSSettings(caFile: servers.caFile))
        defer { session.quit() }
        for index in 0..<count {
            let text = "From: <t@example.test>\r\nTo: <\(user.email)>\r\nSubject: kill test \(index)\r\nMessage-ID: <k\(index)@example.test>\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\n\r\n" + String(repeating: "body line \(index)\r\n", count: 200)
            _ = try session.send(Array(text.utf8), envelope: SMTPEnvelope(sender: "t@example.test", recipients: [user.email]))
            try session.reset()
        }
    }

    func counts(_ store: String) throws -> (messages: Int, distinctUIDLs: Int, distinctIDs: Int) {
        let queue = try DatabaseQueue(path: store)
        return try queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM message")!,
             try Int.fetchOne(db, sql: "SELECT count(DISTINCT uidl) FROM pop3_uidl")!,
             try Int.fetchOne(db, sql: "SELECT count(DISTINCT header_message_id) FROM message")!)
        }
    }

    @Test func killedMidDownloadResumesWithNoLossAndNoDuplicate() throws {
        let mallory = try servers.user("mallory")
        let total = 300
        try seed(total, to: mallory)
        let folder = try TemporaryFolder()
        let configFile = try config(in: folder, user: mallory)
        let dataDir = folder.path + "/data"
        let storePath = dataDir + "/merle.sqlite"
        // Wait until Dovecot has them all.
        let deadline = Date().addingTimeInterval(30)
        while try servers.inboxCount(of: mallory) < total, Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }

        let process = Process()
        process.executableURL = MerleProcess.binary
        process.arguments = ["sync", "--config", configFile, "--data-dir", dataDir]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill it once some, but not all, messages are in.
        var seen = 0
        let killDeadline = Date().addingTimeInterval(30)
        while Date() < killDeadline {
            if FileManager.default.fileExists(atPath: storePath), let now = try? counts(storePath).messages, now >= 20 {
                seen = now
                break
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(seen >= 20)
        let afterKill = try counts(storePath)
        #expect(afterKill.messages < total, "the kill came before the end")
        #expect(afterKill.messages == afterKill.distinctUIDLs)

        let rerun = try MerleProcess.run(["sync", "--config", configFile, "--data-dir", dataDir])
        #expect(rerun.status == 0, "\(rerun.output) \(rerun.stderr)")
        #expect(rerun.output.contains("pop: \(total - afterKill.messages) new messages"))
        let final = try counts(storePath)
        #expect(final.messages == total)
        #expect(final.distinctUIDLs == total)
        #expect(final.distinctIDs == total)
        let integrity = try DatabaseQueue(path: storePath).read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == ["ok"])

        let list = try MerleProcess.run(["list", "INBOX", "--data-dir", dataDir, "--limit", "1000", "--json"])
        #expect(list.output.split(separator: "\n").count == total)
    }
}

extension TestServers {
    /// How many messages `user` has, by POP3 STAT.
    func inboxCount(of user: User) throws -> Int {
        let connection = try SocketConnection.connect(to: Endpoint(host: host, port: pop3sPort), mode: .implicit,
                                                      tls: TLSSettings(caFile: caFile))
        defer { connection.close() }
        func line() throws -> String { String(decoding: try connection.readLine(maxLength: 1000) ?? [], as: UTF8.self) }
        _ = try line()
        try connection.write(Array("USER \(user.name)\r\n".utf8)); _ = try line()
        try connection.write(Array("PASS \(user.password)\r\n".utf8)); _ = try line()
        try connection.write(Array("STAT\r\n".utf8))
        let stat = try line().split(separator: " ")
        try connection.write(Array("QUIT\r\n".utf8))
        return stat.count > 1 ? Int(stat[1]) ?? 0 : 0
    }
}
