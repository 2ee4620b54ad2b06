import Foundation
import GRDB
import TestSupport
import Testing
import Transport

/// `merle compose`, `merle outbox` and `merle send` end to end: queued offline,
/// delivered by the real Postfix, read back from the real Dovecot.
@Suite struct ComposeSendTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    func config(in folder: TemporaryFolder, user: TestServers.User, smtpPort: UInt16? = nil) throws -> String {
        try TestConfig.write(in: folder, servers: servers, user: user, incoming: .init(kind: "pop3", port: servers.pop3sPort, tls: "implicit"),
                             smtp: .init(kind: "smtp", port: smtpPort ?? servers.submissionPort, tls: "starttls"),
                             extra: "display_name = \"Víctor Ünïcode\"")
    }

    @Test func composeQueuesOfflineAndSendDeliversWithoutBcc() throws {
        let victor = try servers.user("victor")
        let walter = try servers.user("walter")
        let heidi = try servers.user("heidi")
        let folder = try TemporaryFolder()
        let token = UUID().uuidString
        let bodyFile = try folder.write("body.txt", "Hallo Walter,\n\nGrüße — \(token)\n.a line with a leading dot\n")
        let attachment = try folder.write("notes.txt", "attached notes\n")
        // Offline: the SMTP port points nowhere.
        let offline = try config(in: folder, user: victor, smtpPort: 1)
        let data = folder.path + "/data"
        let compose = try MerleProcess.run(["compose", "--config", offline, "--data-dir", data, "--to", walter.email,
                                            "--bcc", heidi.email, "--subject", "Grüße \(token)", "--attach", attachment,
                                            "--body-file", bodyFile])
        #expect(compose.status == 0, "\(compose.stderr)")
        #expect(compose.output.contains("Queued message 1 to 2 recipients"))

        let sendOffline = try MerleProcess.run(["send", "--config", offline, "--data-dir", data])
        #expect(sendOffline.status == 1)
        #expect(sendOffline.stderr.contains("stay queued"))
        let outbox = try MerleProcess.run(["outbox", "--data-dir", data, "--json"])
        let row = try #require(try JSONSerialization.jsonObject(with: Data(outbox.output.split(separator: "\n")[0].utf8)) as? [String: Any])
        #expect(row["state"] as? String == "queued")
        #expect(row["subject"] as? String == "Grüße \(token)")
        #expect((row["last_error"] as? String)?.contains("cannot connect") == true)

        // Online: retry at once (the backoff would otherwise wait a minute).
        #expect(try MerleProcess.run(["outbox", "retry", "1", "--data-dir", data]).status == 0)
        let online = try config(in: folder, user: victor)
        let send = try MerleProcess.run(["send", "--config", online, "--data-dir", data])
        #expect(send.status == 0, "\(send.output) \(send.stderr)")
        #expect(send.output.contains("Sent 1;"))

        for user in [walter, heidi] {
            let bytes = try #require(try servers.waitForMessage(containing: token, to: user), "not delivered to \(user.name)")
            let delivered = String(decoding: bytes, as: UTF8.self)
            #expect(!delivered.lowercased().contains("\nbcc:"), "Bcc must never be sent")
            #expect(delivered.contains("Subject: =?"), "the non-ASCII subject is an encoded word")
            #expect(delivered.contains("notes.txt"))
        }
        let empty = try MerleProcess.run(["outbox", "--data-dir", data])
        #expect(empty.output.contains("The outbox is empty."))
    }

    @Test(arguments: [
        ["--subject", "Hello\r\nBcc: evil@example.org", "--to", "walter@example.test"],
        ["--subject", "Hello", "--to", "walter@example.test\r\nRCPT TO:<evil@example.org>"],
        ["--subject", "Hello", "--to", "walter@example.test", "--cc", "a@example.test\nb@example.test"],
    ])
    func lineBreaksAreRefusedBeforeQueuing(_ arguments: [String]) throws {
        let victor = try servers.user("victor")
        let folder = try TemporaryFolder()
        let file = try config(in: folder, user: victor)
        let data = folder.path + "/data"
        let result = try MerleProcess.run(["compose", "--config", file, "--data-dir", data] + arguments)
        #expect(result.status == 1)
        #expect(result.stderr.contains("line break"))
        let outbox = try MerleProcess.run(["outbox", "--data-dir", data])
        #expect(outbox.output.contains("The outbox is empty."))
    }

    @Test func outboxDropRemovesAMessage() throws {
        let victor = try servers.user("victor")
        let folder = try TemporaryFolder()
        let file = try config(in: folder, user: victor)
        let data = folder.path + "/data"
        #expect(try MerleProcess.run(["compose", "--config", file, "--data-dir", data, "--to", "walter@example.test", "--subject", "x"]).status == 0)
        #expect(try MerleProcess.run(["outbox", "drop", "1", "--data-dir", data]).status == 0)
        let again = try MerleProcess.run(["outbox", "drop", "1", "--data-dir", data])
        #expect(again.status == 1)
        #expect(again.stderr.contains("outbox message 1 not found"))
    }
}
