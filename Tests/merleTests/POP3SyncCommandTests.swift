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
        try TestConfig.write(in: folder, servers: servers, user: user, name: "pop",
                             incoming: .init(kind: "pop3", port: servers.pop3sPort, tls: "implicit"))
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

    /// One trial in CI; `scripts/kill-campaign` runs many, each killing at another point.
    @Test(arguments: KillTrials.list) func killedMidDownloadResumesWithNoLossAndNoDuplicate(trial: UInt64) throws {
        let killAt = 20 + Int(trial &* 53 % 250)
        let mallory = try servers.user("mallory")
        let total = 300
        try seed(total, to: mallory)
        let folder = try TemporaryFolder()
        let configFile = try config(in: folder, user: mallory)
        let dataDir = folder.path + "/data"
        let storePath = dataDir + "/merle.sqlite"
        // Wait until Dovecot has them all.
        let deadline = Date().addingTimeInterval(30)
        while try servers.messageCount(of: mallory) < total, Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }

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
            if FileManager.default.fileExists(atPath: storePath), let now = try? counts(storePath).messages, now >= killAt {
                seen = now
                break
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(seen >= killAt)
        print("kill-campaign pop3 trial \(trial): killed after \(seen) of \(total) messages")
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
