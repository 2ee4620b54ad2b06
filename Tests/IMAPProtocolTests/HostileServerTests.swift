import Foundation
import TestSupport
import Testing
import Transport
@testable import IMAPProtocol

/// Hostile servers on a real socket (LoopbackServer): the session's STARTTLS and
/// limits hold over TCP and TLS, not only over a scripted connection.
@Suite struct HostileServerTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    var keyFile: String { (servers.serverCertFile as NSString).deletingLastPathComponent + "/server.key" }

    func connect(_ server: LoopbackServer, mode: TLSMode, limits: ParserLimits = .standard) throws -> IMAPSession {
        try IMAPSession.connect(to: Endpoint(host: "127.0.0.1", port: server.port), tls: TLSSettings(caFile: servers.caFile),
                                timeouts: Timeouts(connect: 5, io: 5),
                                configuration: SessionConfiguration(tlsMode: mode, limits: limits, clientID: nil))
    }

    @Test func capabilitiesInjectedBehindTheSTARTTLSReplyAreDropped() throws {
        let cert = servers.serverCertFile, key = keyFile
        let lines = Lines()
        let server = try LoopbackServer { client in
            client.send("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n")
            lines.append(client.readLine())
            client.send("M1 OK begin TLS\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=INJECTED\r\nM2 OK injected\r\n")
            try client.startTLS(certificateFile: cert, keyFile: key)
            lines.append(client.readLine())
            client.send("* CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR\r\nM2 OK done\r\n")
            lines.append(client.readLine())
            client.send("M3 OK [CAPABILITY IMAP4rev1] logged in\r\n")
            _ = client.readLine()
        }
        defer { server.stop() }
        let session = try connect(server, mode: .starttls)
        defer { session.close() }
        #expect(session.isEncrypted)
        #expect(session.capabilities == ["IMAP4rev1", "AUTH=PLAIN", "SASL-IR"])
        try session.login(.password(user: "u", password: "p"))
        #expect(lines.all == ["M1 STARTTLS\r\n", "M2 CAPABILITY\r\n", "M3 AUTHENTICATE PLAIN AHUAcA==\r\n"])
    }

    @Test func preauthOverTCPWhenTLSIsRequired() throws {
        let server = try LoopbackServer { client in
            client.send("* PREAUTH [CAPABILITY IMAP4rev1] welcome\r\n")
            _ = client.readLine()
        }
        defer { server.stop() }
        #expect(throws: IMAPError.preauthWithoutTLS) { _ = try connect(server, mode: .starttls) }
    }

    @Test func endlessLineOverTCP() throws {
        let server = try LoopbackServer { client in
            client.send("* OK [CAPABILITY IMAP4rev1] ready\r\n")
            _ = client.readLine()
            let chunk = String(repeating: "A", count: 64 * 1024)
            for _ in 0..<64 { client.send(chunk) }
        }
        defer { server.stop() }
        let session = try connect(server, mode: .insecure, limits: ParserLimits(maximumLineLength: 256 * 1024))
        #expect(throws: IMAPError.protocolViolation(IMAPProtocolError.lineTooLong(limit: 256 * 1024).description)) {
            try session.send(.noop)
        }
    }

    @Test func hugeLiteralOverTCP() throws {
        let server = try LoopbackServer { client in
            client.send("* OK [CAPABILITY IMAP4rev1] ready\r\n")
            _ = client.readLine()
            client.send("* 1 FETCH (BODY[] {4294967296}\r\nxxxx")
        }
        defer { server.stop() }
        let session = try connect(server, mode: .insecure)
        #expect(throws: IMAPError.protocolViolation(IMAPProtocolError.literalTooLarge(size: "4294967296", limit: 64 << 20).description)) {
            try session.send(.noop)
        }
    }
}
