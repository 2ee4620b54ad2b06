import Foundation
import TestSupport
import Testing

/// `merle sync`, `folders` and `list` against scripted hostile servers: escape
/// sequences in folder names, header fields and server error texts are stored as
/// data and reach the terminal made harmless; a failed login names the failure and
/// never the password.
@Suite struct HostileServerCommandTests {
    /// Unique per test, so a leak is unambiguous.
    let password = "hunter2-" + UUID().uuidString

    func config(in folder: TemporaryFolder, kind: String, port: UInt16) throws -> String {
        try folder.write("config.toml", """
            [[account]]
            name = "hostile"
            email = "u@example.test"

            [account.\(kind)]
            host = "127.0.0.1"
            port = \(port)
            tls = "insecure"
            user = "u"
            password_command = "echo \(password)"
            """)
    }

    func run(_ arguments: [String], folder: TemporaryFolder, config: String) throws -> MerleProcess.Result {
        try MerleProcess.run(arguments + ["--config", config, "--data-dir", folder.path + "/data"])
    }

    @Test func hostileFolderNamesAndHeadersAreShownSanitised() throws {
        let subject = "Hello " + HostileMessage.csi + HostileMessage.osc52 + HostileMessage.osc8 + HostileMessage.dcs
            + HostileMessage.title + HostileMessage.c1
        let message = """
            From: "Mallory \(HostileMessage.csi)" <mallory@evil.example>\r
            To: u@example.test\r
            Subject: \(subject)\r
            Date: Thu, 26 Nov 2026 09:00:00 +0000\r
            Message-ID: <evil@evil.example>\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Body \(HostileMessage.osc52) end.\r

            """
        let names = ["Clip" + HostileMessage.osc52 + HostileMessage.dcs, "Red" + HostileMessage.csi, "Title" + HostileMessage.title, "..", "`id`"]
        let server = try HostileIMAPServer(.init(
            listLines: ["* LIST () \"/\" INBOX"] + names.map { "* LIST () \"/\" \"\($0.replacingOccurrences(of: "\\", with: "\\\\"))\"" },
            message: Array(message.utf8)))
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let config = try config(in: folder, kind: "imap", port: server.port)

        let sync = try run(["sync"], folder: folder, config: config)
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.output.contains("new folder Clip"))
        HostileMessage.expectNoHostileSequences(sync.output + sync.stderr)

        let folders = try run(["folders"], folder: folder, config: config)
        #expect(folders.status == 0, "\(folders.stderr)")
        #expect(folders.output.contains("Clip") && folders.output.contains("Title") && folders.output.contains("`id`"))
        HostileMessage.expectNoHostileSequences(folders.output + folders.stderr)

        let list = try run(["list", "INBOX"], folder: folder, config: config)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.output.contains("Hello") && list.output.contains("Mallory"))
        HostileMessage.expectNoHostileSequences(list.output + list.stderr)
    }

    @Test func anIMAPLoginRefusalFullOfEscapesIsShownSanitisedWithoutThePassword() throws {
        let server = try HostileIMAPServer(.init(
            loginReply: "NO [AUTHENTICATIONFAILED] \(HostileMessage.osc52)\(HostileMessage.csi) denied \(HostileMessage.title)\(HostileMessage.c1)"))
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let result = try run(["sync"], folder: folder, config: config(in: folder, kind: "imap", port: server.port))
        #expect(result.status == 1)
        #expect((result.output + result.stderr).contains("denied"))
        HostileMessage.expectNoHostileSequences(result.output + result.stderr)
        #expect(!(result.output + result.stderr).contains(password))
        // The password did go to the server (tls = "insecure" allows it), so the test
        // would notice if the login had never been tried.
        #expect(server.received.contains { $0.verb == "LOGIN" && String(decoding: $0.bytes, as: UTF8.self).contains(password) })
    }

    @Test func aPOP3RefusalFullOfEscapesIsShownSanitisedWithoutThePassword() throws {
        let hostile = "\(HostileMessage.osc52)\(HostileMessage.csi) denied \(HostileMessage.dcs)\(HostileMessage.c1)"
        let lines = Lines()
        let server = try LoopbackServer { client in
            client.send("+OK ready\r\n")
            while true {
                let line = client.readLine()
                if line.isEmpty { return }
                lines.append(line)
                switch line.prefix(4) {
                case "CAPA": client.send("+OK\r\nUSER\r\n.\r\n")
                case "USER": client.send("+OK\r\n")
                case "PASS": client.send("-ERR [AUTH] \(hostile)\r\n")
                default: client.send("+OK bye\r\n"); return
                }
            }
        }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let result = try run(["sync"], folder: folder, config: config(in: folder, kind: "pop3", port: server.port))
        #expect(result.status == 1)
        #expect((result.output + result.stderr).contains("denied"))
        HostileMessage.expectNoHostileSequences(result.output + result.stderr)
        #expect(!(result.output + result.stderr).contains(password))
        #expect(lines.all.contains("PASS \(password)\r\n"))
    }

    @Test func anSMTPRefusalFullOfEscapesIsShownSanitisedInSendAndOutbox() throws {
        let hostile = "\(HostileMessage.osc52)\(HostileMessage.osc8)no such user \(HostileMessage.csi)\(HostileMessage.c1)"
        let lines = Lines()
        let server = try LoopbackServer { client in
            client.send("220 hostile ESMTP\r\n")
            while true {
                let line = client.readLine()
                if line.isEmpty { return }
                lines.append(line)
                switch line.prefix(4).uppercased() {
                case "EHLO": client.send("250-hostile\r\n250 AUTH PLAIN\r\n")
                case "AUTH": client.send("235 2.7.0 ok\r\n")
                case "MAIL": client.send("250 2.1.0 ok\r\n")
                case "RCPT": client.send("550 5.1.1 \(hostile)\r\n")
                case "QUIT": client.send("221 bye\r\n"); return
                default: client.send("250 ok\r\n")
                }
            }
        }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        // The POP3 server is never contacted by compose, send or outbox.
        let config = try config(in: folder, kind: "pop3", port: 1)
        try (try String(contentsOfFile: config, encoding: .utf8) + """

            [account.smtp]
            host = "127.0.0.1"
            port = \(server.port)
            tls = "insecure"
            user = "u"
            password_command = "echo \(password)"
            """).write(toFile: config, atomically: true, encoding: .utf8)
        let body = try folder.write("body.txt", "hello\n")
        let compose = try run(["compose", "--to", "victim@example.test", "--subject", "hi", "--body-file", body], folder: folder, config: config)
        #expect(compose.status == 0, "\(compose.stderr)")

        let send = try run(["send"], folder: folder, config: config)
        // A refused message fails the command (exit 1) with a line saying where to look.
        #expect(send.status == 1, "\(send.stderr)")
        #expect(send.stderr.contains("1 message not accepted") && send.stderr.contains("merle outbox"), "\(send.stderr)")
        #expect(send.output.contains("failed 1") && send.output.contains("no such user"), "\(send.output)")
        HostileMessage.expectNoHostileSequences(send.output + send.stderr)
        #expect(!(send.output + send.stderr).contains(password))
        #expect(lines.all.contains { $0.hasPrefix("RCPT TO:<victim@example.test>") })

        let outbox = try MerleProcess.run(["outbox", "--data-dir", folder.path + "/data"])
        #expect(outbox.output.contains("no such user"), "\(outbox.output)")
        HostileMessage.expectNoHostileSequences(outbox.output + outbox.stderr)
    }
}
