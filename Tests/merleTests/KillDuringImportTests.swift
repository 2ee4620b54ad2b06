import Foundation
import IMAPProtocol
import MailStore
import TestSupport
import Testing
import Transport

/// `merle import` killed with SIGKILL halfway, run again, then `merle sync` killed twice
/// while it uploads, run again: every message of the mbox is on the server exactly as
/// often as the mbox has it (twins and messages without a Message-ID included), with its
/// flags, and the export gives the mbox back byte for byte.
@Suite(.serialized) struct KillDuringImportTests {
    let servers: TestServers
    let user: TestServers.User

    init() throws {
        servers = try TestServers.load()
        user = try servers.user("stopper")
    }

    /// 1,188 messages as mboxrd: every 7th read, every 11th flagged, every 40th without a
    /// Message-ID, every 100th followed by its twin.
    private func writeMbox(_ path: String, token: String) throws -> (messages: Int, bytes: Data) {
        var text = ""
        var count = 0
        for index in 0..<1_176 {
            var headers = ["From: Sender \(index % 17) <s\(index % 17)@example.test>", "To: stopper@example.test",
                           "Subject: message \(index)", "Date: Thu, 05 Dec 2024 10:00:00 +0000"]
            if index % 40 != 0 { headers.append("Message-ID: <kill-\(index)-\(token)@example.test>") }
            var status: [String] = []
            if index % 7 == 0 { status.append("Status: RO") }
            if index % 11 == 0 { status.append("X-Status: F") }
            let body = String(repeating: "line \(index) of a message that fills a little space\n", count: 20)
                + (index % 13 == 0 ? ">From a quoted line\n" : "")
            let message = "From s\(index % 17)@example.test Thu Dec  5 10:\(String(format: "%02d", index % 60)):00 2024\n"
                + (headers + status).joined(separator: "\n") + "\n\n" + body + "\n"
            text += message
            count += 1
            if index % 100 == 0 {
                text += message
                count += 1
            }
        }
        let data = Data(text.utf8)
        try data.write(to: URL(fileURLWithPath: path))
        return (count, data)
    }

    @Test func importAndUploadKilledHalfwayLandEveryMessageOnce() throws {
        let setup = try servers.imapClient(user)
        defer { try? setup.logout() }
        try setup.emptyMailbox()
        let folder = try TemporaryFolder()
        let source = folder.path + "/big.mbox"
        let (total, original) = try writeMbox(source, token: UUID().uuidString)
        let config = try TestConfig.write(in: folder, servers: servers, user: user, name: "main",
                                          incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"))
        let data = folder.path + "/data"
        let storePath = data + "/merle.sqlite"
        let global = ["--config", config, "--data-dir", data]
        let rows = "SELECT count(*) FROM message"
        let appends = "SELECT count(*) FROM journal WHERE operation = 'append' AND state = 'pending'"

        let importing = ["import", "mbox", source, "Saved"] + global
        #expect(try KillSupport.runAndKill(importing) { (KillSupport.count(storePath, rows) ?? 0) >= 300 }, "killed during the import")
        let kept = try #require(KillSupport.count(storePath, rows))
        #expect(kept > 0 && kept < total, "\(kept) of \(total) stored before the kill")
        #expect(KillSupport.count(storePath, appends) == kept, "each stored message has its APPEND, no more")
        let resumed = try MerleProcess.run(importing)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.output.hasPrefix("Imported \(total - kept) messages into Saved; \(kept) were there already"), "\(resumed.output)")
        #expect(KillSupport.count(storePath, rows) == total && KillSupport.count(storePath, appends) == total)

        let sync = ["sync"] + global
        #expect(try KillSupport.runAndKill(sync) { (KillSupport.count(storePath, appends) ?? total) < total - 200 }, "killed during the upload")
        let left = try #require(KillSupport.count(storePath, appends))
        #expect(try KillSupport.runAndKill(sync) { (KillSupport.count(storePath, appends) ?? left) < left - 200 }, "killed during the upload again")
        let finished = try MerleProcess.run(sync)
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(KillSupport.count(storePath, "SELECT count(*) FROM journal") == 0, "nothing failed or left")

        // The server has each message as often as the mbox, with its flags.
        let checker = try servers.imapClient(user)
        defer { try? checker.logout() }
        let onServer = try ImportExportTests.serverFolder(checker, "Saved")
        #expect(onServer.count == total)
        var copies: [String: Int] = [:]
        for message in onServer {
            let text = String(decoding: message.bytes, as: UTF8.self)
            let subject = text.split(separator: "\r\n").first { $0.hasPrefix("Subject: ") } ?? ""
            copies[String(subject), default: 0] += 1
            let index = Int(subject.split(separator: " ").last ?? "") ?? -1
            #expect(message.flags == Set((index % 7 == 0 ? ["\\Seen"] : []) + (index % 11 == 0 ? ["\\Flagged"] : [])), "\(subject)")
        }
        #expect(copies.values.filter { $0 == 2 }.count == 12 && copies.values.allSatisfy { $0 <= 2 }, "twins twice, the rest once")
        let store = try MailStore(path: storePath)
        #expect(try store.integrityProblems().isEmpty)

        // And back: the same file.
        let fresh = ["--config", config, "--data-dir", folder.path + "/fresh"]
        #expect(try MerleProcess.run(["sync"] + fresh).status == 0)
        let out = folder.path + "/out.mbox"
        let exported = try MerleProcess.run(["export", "Saved", "--mbox", out] + fresh)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == original)
    }
}
