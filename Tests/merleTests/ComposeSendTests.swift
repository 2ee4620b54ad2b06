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
        let passwordFile = try folder.write("pw-\(user.name)", user.password + "\n")
        return try folder.write("config.toml", """
            [[account]]
            name = "main"
            email = "\(user.email)"
            display_name = "Víctor Ünïcode"
            [account.pop3]
            host = "\(servers.host)"
            port = \(servers.pop3sPort)
            user = "\(user.name)"
            password_command = "cat \(passwordFile)"
            ca_file = "\(servers.caFile)"
            [account.smtp]
            host = "\(servers.host)"
            port = \(smtpPort ?? servers.submissionPort)
            tls = "starttls"
            user = "\(user.name)"
            password_command = "cat \(passwordFile)"
            ca_file = "\(servers.caFile)"
            """)
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
            let delivered = try #require(try servers.waitForText(token, to: user), "not delivered to \(user.name)")
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

extension TestServers {
    /// Waits (bounded) for a message containing `token` in `user`'s INBOX, read over POP3.
    func waitForText(_ token: String, to user: User, timeout: Double = 15) throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let connection = try SocketConnection.connect(to: Endpoint(host: host, port: pop3sPort), mode: .implicit,
                                                          tls: TLSSettings(caFile: caFile))
            defer { connection.close() }
            func line() throws -> String { String(decoding: try connection.readLine(maxLength: 100_000) ?? [], as: UTF8.self) }
            _ = try line()
            try connection.write(Array("USER \(user.name)\r\nPASS \(user.password)\r\n".utf8))
            _ = try line(); _ = try line()
            try connection.write(Array("STAT\r\n".utf8))
            let count = Int(try line().split(separator: " ")[1]) ?? 0
            for number in stride(from: count, to: 0, by: -1) {
                try connection.write(Array("RETR \(number)\r\n".utf8))
                var text = ""
                _ = try line()
                while true {
                    let next = try line()
                    if next == ".\r\n" || next.isEmpty { break }
                    text += next
                }
                if text.contains(token) { return text }
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return nil
    }
}
