import Foundation
import TestSupport
import Testing

/// `merle send` means now: a message waiting for its retry goes at once, the summary
/// counts what is left, and the status is 1 while anything is left.
@Suite struct SendNowTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    func config(in folder: TemporaryFolder, smtpPort: UInt16) throws -> String {
        try TestConfig.write(in: folder, servers: servers, user: try servers.user("victor"),
                             incoming: .init(kind: "pop3", port: servers.pop3sPort, tls: "implicit"),
                             smtp: .init(kind: "smtp", port: smtpPort, tls: "starttls"))
    }

    func outboxRows(_ data: String) throws -> [[String: Any]] {
        try MerleProcess.run(["outbox", "--data-dir", data, "--json"]).jsonRows()
    }

    @Test func aMessageWaitingForItsRetryGoesWhenTheUserSends() throws {
        let walter = try servers.user("walter")
        let folder = try TemporaryFolder()
        let data = folder.path + "/data"
        let token = UUID().uuidString
        // The server is down: nothing listens on port 1.
        let down = try config(in: folder, smtpPort: 1)
        let compose = try MerleProcess.run(["compose", "--config", down, "--data-dir", data, "--to", walter.email,
                                            "--subject", "now \(token)", "--body-file", try folder.write("b.txt", "Now.\n")])
        #expect(compose.status == 0, "\(compose.stderr)")

        let failed = try MerleProcess.run(["send", "--config", down, "--data-dir", data])
        #expect(failed.status == 1)
        #expect(failed.output.contains("Sent 0; failed 0; waiting to retry 1; uncertain 0."), "\(failed.output)")
        #expect(failed.stderr.contains("stay queued"), "\(failed.stderr)")
        var row = try #require(try outboxRows(data).first)
        #expect(row["attempts"] as? Int == 1, "a connection failure is an attempt: \(row)")
        #expect(row["next_attempt"] != nil, "the automatic retry waits")

        // Down again, at once: the user asked, so it is tried again (and counted) despite the backoff.
        let again = try MerleProcess.run(["send", "--config", down, "--data-dir", data])
        #expect(again.status == 1)
        row = try #require(try outboxRows(data).first)
        #expect(row["attempts"] as? Int == 2, "\(row)")

        // The server is back, long before the backoff ends: `merle send` sends it now.
        let up = try config(in: folder, smtpPort: servers.submissionPort)
        let send = try MerleProcess.run(["send", "--config", up, "--data-dir", data])
        #expect(send.status == 0, "\(send.output) \(send.stderr)")
        #expect(send.output.contains("Sent 1; failed 0; waiting to retry 0; uncertain 0."), "\(send.output)")
        #expect(try servers.waitForMessage(containing: token, to: walter) != nil, "not delivered")
        #expect(try outboxRows(data).isEmpty)
    }

    @Test func whatIsLeftInTheOutboxIsCountedAndFailsTheCommand() throws {
        let walter = try servers.user("walter")
        let folder = try TemporaryFolder()
        let data = folder.path + "/data"
        let up = try config(in: folder, smtpPort: servers.submissionPort)
        let body = try folder.write("b.txt", "Hello.\n")
        // One message the server refuses for good (an unknown recipient), one it takes.
        for to in ["nobody@example.test", walter.email] {
            let compose = try MerleProcess.run(["compose", "--config", up, "--data-dir", data, "--to", to,
                                                "--subject", "left \(UUID().uuidString)", "--body-file", body])
            #expect(compose.status == 0, "\(compose.stderr)")
        }
        let send = try MerleProcess.run(["send", "--config", up, "--data-dir", data])
        #expect(send.status == 1, "a refused message is a failure")
        #expect(send.output.contains("Sent 1; failed 1; waiting to retry 0; uncertain 0."), "\(send.output)")
        #expect(send.stderr.contains("1 message not accepted"), "\(send.stderr)")

        // Nothing new to send, but the failed message is still there: still a failure, still counted.
        let later = try MerleProcess.run(["send", "--config", up, "--data-dir", data])
        #expect(later.status == 1)
        #expect(later.output.contains("Sent 0; failed 1; waiting to retry 0; uncertain 0."), "\(later.output)")
        #expect(later.stderr.contains("merle outbox"), "\(later.stderr)")

        // Dropped, the outbox is empty and `merle send` succeeds.
        let id = try #require(try outboxRows(data).first?["id"] as? Int)
        #expect(try MerleProcess.run(["outbox", "drop", String(id), "--data-dir", data]).status == 0)
        let empty = try MerleProcess.run(["send", "--config", up, "--data-dir", data])
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(empty.output.contains("Sent 0; failed 0; waiting to retry 0; uncertain 0."))
    }
}
