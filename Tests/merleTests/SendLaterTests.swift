import Foundation
import GRDB
import TestSupport
import Testing

/// Send later and hold through the binary against the real Postfix and Dovecot:
/// `merle compose --send-at`, `merle outbox hold|release`, `merle send` leaving scheduled
/// and held mail alone, and kill -9 while a message waits for its time, in
/// `merle sync --watch`: nothing lost, nothing sent twice.
@Suite(.serialized) struct SendLaterTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// How many messages holding `token` reached `user`'s INBOX.
    func deliveries(of token: String, to user: TestServers.User) throws -> Int {
        try servers.rawMessages(of: user).filter { String(decoding: $0, as: UTF8.self).contains(token) }.count
    }

    func json(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func scheduledAndHeldMailWaitsThroughMerleSendAndTheListingSaysWhen() throws {
        let santa = try servers.user("santa")
        let rudolph = try servers.user("rudolph")
        try servers.resetUser("rudolph")
        let folder = try TemporaryFolder()
        let config = try TestConfig.write(in: folder, servers: servers, user: santa,
                                          incoming: .init(kind: "pop3", port: servers.pop3sPort, tls: "implicit"),
                                          smtp: .init(kind: "smtp", port: servers.submissionPort, tls: "starttls"))
        let data = folder.path + "/data"
        let token = UUID().uuidString
        let christmas = try MerleProcess.run(["compose", "--config", config, "--data-dir", data, "--to", rudolph.email,
                                              "--subject", "Christmas \(token)", "--body-file", try folder.write("b", "Ho \(token)\n"),
                                              "--send-at", "2099-12-24 09:00"])
        #expect(christmas.status == 0, "\(christmas.stderr)")
        #expect(christmas.output.contains("to go at 2099-12-24 09:00"), "\(christmas.output)")
        let now = try MerleProcess.run(["compose", "--config", config, "--data-dir", data, "--to", rudolph.email,
                                        "--subject", "Held \(token)", "--body-file", try folder.write("c", "Held \(token)\n")])
        #expect(now.status == 0, "\(now.stderr)")
        let hold = try MerleProcess.run(["outbox", "hold", "2", "--data-dir", data])
        #expect(hold.status == 0 && hold.output.contains("held"), "\(hold.output) \(hold.stderr)")

        let listing = try MerleProcess.run(["outbox", "--data-dir", data])
        #expect(listing.output.contains("(due 2099-12-24 09:00)") && listing.output.contains("(held)"), "\(listing.output)")
        let rows = try json(try MerleProcess.run(["outbox", "--data-dir", data, "--json"]).output)
        #expect(rows.count == 2)
        #expect((rows[0]["send_at"] as? String)?.hasPrefix("2099-12-2") == true && rows[0]["held"] as? Bool == false, "\(rows)")
        #expect(rows[1]["send_at"] == nil && rows[1]["held"] as? Bool == true, "\(rows)")

        // `merle send` sends what is due now: neither is, and that is no failure.
        let send = try MerleProcess.run(["send", "--config", config, "--data-dir", data])
        #expect(send.status == 0, "\(send.output) \(send.stderr)")
        #expect(send.output.contains("Sent 0;") && send.output.contains("1 scheduled for later") && send.output.contains("1 held"), "\(send.output)")

        // Released, the held one goes with the next send; the Christmas one still waits.
        #expect(try MerleProcess.run(["outbox", "release", "2", "--data-dir", data]).status == 0)
        let again = try MerleProcess.run(["send", "--config", config, "--data-dir", data])
        #expect(again.status == 0 && again.output.contains("Sent 1;"), "\(again.output) \(again.stderr)")
        #expect(try servers.waitForMessage(containing: "Held \(token)", to: rudolph) != nil)
        Thread.sleep(forTimeInterval: 1)
        #expect(try deliveries(of: "Christmas \(token)", to: rudolph) == 0, "scheduled mail never goes early")
        let bad = try MerleProcess.run(["compose", "--config", config, "--data-dir", data, "--to", rudolph.email,
                                        "--subject", "x", "--send-at", "next tuesday"])
        #expect(bad.status == 1 && bad.stderr.contains("cannot read the send time"), "\(bad.stderr)")
    }

    /// `merle sync --watch` killed while a message waits for its time, then again just
    /// after it sent it: the message arrives once.
    @Test func killedWhileWaitingAndAfterSendingTheMessageArrivesOnce() throws {
        let santa = try servers.user("santa")
        let rudolph = try servers.user("rudolph")
        try servers.resetUser("rudolph")
        try servers.resetUser("santa")
        let folder = try TemporaryFolder()
        let config = try TestConfig.write(in: folder, servers: servers, user: santa,
                                          incoming: .init(kind: "imap", port: servers.imapsPort, tls: "implicit"),
                                          smtp: .init(kind: "smtp", port: servers.submissionPort, tls: "starttls"))
        let data = folder.path + "/data"
        let store = data + "/merle.sqlite"
        let token = UUID().uuidString
        let due = Date().addingTimeInterval(8)
        let compose = try MerleProcess.run(["compose", "--config", config, "--data-dir", data, "--to", rudolph.email,
                                            "--subject", "Later \(token)", "--body-file", try folder.write("b", "Later \(token)\n"),
                                            "--send-at", Self.rfc3339(due)])
        #expect(compose.status == 0, "\(compose.stderr)")

        // Killed while it waits: still queued, for its time, nothing sent.
        let started = Date()
        let killed = try KillSupport.runAndKill(["sync", "--watch", "--config", config, "--data-dir", data]) {
            Date().timeIntervalSince(started) > 3
        }
        #expect(killed, "the watcher was still running, waiting")
        #expect(Date() < due, "the kill came before the send time")
        #expect(KillSupport.count(store, "SELECT count(*) FROM outbox WHERE state = 'queued' AND send_after IS NOT NULL") == 1)
        #expect(try deliveries(of: token, to: rudolph) == 0)

        // Again: it sends when due; killed the moment the outbox is empty.
        let resent = try KillSupport.runAndKill(["sync", "--watch", "--config", config, "--data-dir", data]) {
            KillSupport.count(store, "SELECT count(*) FROM outbox WHERE state <> 'sent'") == 0
        }
        #expect(resent, "the watcher sent it at its time, still running")
        #expect(Date() >= due.addingTimeInterval(-1), "not sent before its time")
        let send = try MerleProcess.run(["send", "--config", config, "--data-dir", data])
        #expect(send.status == 0 && send.output.contains("Sent 0;"), "\(send.output) \(send.stderr)")
        #expect(try servers.waitForMessage(containing: token, to: rudolph) != nil)
        Thread.sleep(forTimeInterval: 2)
        #expect(try deliveries(of: token, to: rudolph) == 1, "delivered exactly once")
    }
}
