import Foundation
import TestSupport
import Testing

/// `merle config check [--connect]` on files and against the real servers.
@Suite struct ConfigCheckTests {
    @Test func missingConfigPrintsASample() throws {
        let result = try MerleProcess.run(["config", "check", "--config", "/nonexistent/config.toml"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("merle: no configuration file at /nonexistent/config.toml"))
        #expect(result.stderr.contains("[[account]]"))
    }

    @Test func invalidConfigNamesLineAndFix() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("config.toml", """
            [[account]]
            name = "work"
            email = "a@example.test"
            [account.imap]
            host = "imap.example.test"
            tls = "maybe"
            user = "a"
            """)
        let result = try MerleProcess.run(["config", "check", "--config", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains("config.toml:6:1"))
        #expect(result.stderr.contains("tls = \"implicit\""))
    }

    @Test func configFromTheEnvironment() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("config.toml", """
            [[account]]
            name = "work"
            email = "a@example.test"
            [account.imap]
            host = "imap.example.test"
            user = "a"
            """)
        let result = try MerleProcess.run(["config", "check"], environment: ["MERLE_CONFIG": file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.output.contains("1 account"))
        #expect(result.output.contains("imap imap.example.test:993 (implicit)"))
    }

    @Test func connectLogsInToPOP3AndSMTP() throws {
        let servers = try TestServers.load()
        let erin = try servers.user("erin")
        let folder = try TemporaryFolder()
        let file = try TestConfig.write(in: folder, servers: servers, user: erin, name: "test",
                                        incoming: .init(kind: "pop3", port: servers.pop3Port, tls: "starttls"),
                                        smtp: .init(kind: "smtp", port: servers.submissionsPort, tls: "implicit"))
        let result = try MerleProcess.run(["config", "check", "--connect", "--config", file])
        #expect(result.status == 0, "\(result.output) \(result.stderr)")
        #expect(result.output.contains("test pop3 \(servers.host):\(servers.pop3Port): logged in"))
        #expect(result.output.contains("UIDL"))
        #expect(result.output.contains("test smtp \(servers.host):\(servers.submissionsPort): logged in"))
        #expect(result.output.contains("certificate sha256:"))
        #expect(!result.output.contains(erin.password))
    }

    @Test func connectWithAWrongPasswordFailsClearly() throws {
        let servers = try TestServers.load()
        let erin = try servers.user("erin")
        let folder = try TemporaryFolder()
        let file = try TestConfig.write(in: folder, servers: servers, user: erin, name: "test",
                                        incoming: .init(kind: "pop3", port: servers.pop3sPort, tls: "implicit"),
                                        password: "wrong-password")
        let result = try MerleProcess.run(["config", "check", "--connect", "--config", file])
        #expect(result.status == 1)
        #expect(result.output.contains("FAILED"))
        #expect(result.output.contains("refused the login"))
        #expect(result.stderr.contains("1 server check failed"))
        #expect(!result.output.contains("wrong-password"))
    }

    @Test func connectWithoutTheCAFailsNamingTheCertificate() throws {
        let servers = try TestServers.load()
        let folder = try TemporaryFolder()
        let file = try folder.write("config.toml", """
            [[account]]
            name = "test"
            email = "x@example.test"
            [account.pop3]
            host = "\(servers.host)"
            port = \(servers.pop3sPort)
            user = "x"
            password_command = "echo x"
            """)
        let result = try MerleProcess.run(["config", "check", "--connect", "--config", file])
        #expect(result.status == 1)
        #expect(result.output.contains("not trusted"))
    }
}

@Suite struct IMAPConfigCheckTests {
    @Test func connectLogsInToIMAPOverSTARTTLSAndShowsWhatItOffers() throws {
        let servers = try TestServers.load()
        let zed = try servers.user("zed")
        let folder = try TemporaryFolder()
        let file = try TestConfig.write(in: folder, servers: servers, user: zed, name: "mail",
                                        incoming: .init(kind: "imap", port: servers.imapPort, tls: "starttls"))
        let result = try MerleProcess.run(["config", "check", "--connect", "--config", file])
        #expect(result.status == 0, "\(result.output) \(result.stderr)")
        #expect(result.output.contains("mail imap \(servers.host):\(servers.imapPort): logged in"))
        #expect(result.output.contains("certificate sha256:"))
        for capability in ["IDLE", "CONDSTORE", "QRESYNC", "MOVE", "UIDPLUS", "SPECIAL-USE"] {
            #expect(result.output.contains(capability), "\(capability) missing from \(result.output)")
        }
        #expect(result.output.contains("enabled"))
        #expect(!result.output.contains(zed.password))
    }
}
