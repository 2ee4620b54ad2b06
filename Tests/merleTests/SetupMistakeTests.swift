import Foundation
import TestSupport
import Testing

/// Setup mistakes get clear words at once, against the real servers.
@Suite struct SetupMistakeTests {
    /// `tls = "starttls"` on an implicit-TLS port: the server waits for a handshake and
    /// says nothing; Merle recognises it within seconds and says to write "implicit".
    @Test func starttlsOnAnImplicitTLSPortIsRecognisedAtOnce() throws {
        let servers = try TestServers.load()
        let user = try servers.user("ray")
        let folder = try TemporaryFolder()
        let config = try TestConfig.write(in: folder, servers: servers, user: user, name: "ray",
                                          incoming: .init(kind: "imap", port: servers.imapsPort, tls: "starttls"),
                                          smtp: .init(kind: "smtp", port: servers.submissionsPort, tls: "starttls"))
        let started = Date()
        let sync = try MerleProcess.run(["sync", "--config", config, "--data-dir", folder.path + "/data"])
        let took = Date().timeIntervalSince(started)
        #expect(sync.status == 1)
        #expect(sync.output.contains("starts with TLS (implicit TLS)") && sync.output.contains("write tls = \"implicit\""), "\(sync.output)")
        #expect(sync.stderr.contains("write tls = \"implicit\""), "\(sync.stderr)")
        #expect(took < 20, "said in \(took) s, not after the read timeouts")

        let check = try MerleProcess.run(["config", "check", "--connect", "--config", config])
        #expect(check.status == 1)
        #expect((check.output + check.stderr).contains("write tls = \"implicit\""), "\(check.output)\(check.stderr)")
    }
}
