import Foundation
import TestSupport
import Testing
@testable import Transport

/// STARTTLS upgrades of IMAP, POP3 and SMTP on the real servers, and DEFLATE on IMAP.
@Suite struct STARTTLSTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    func connect(_ port: UInt16) throws -> SocketConnection {
        try SocketConnection.connect(to: Endpoint(host: servers.host, port: port), mode: .starttls,
                                     tls: TLSSettings(caFile: servers.caFile))
    }

    @Test func imapStartTLS() throws {
        let connection = try connect(servers.imapPort)
        defer { connection.close() }
        #expect(try connection.line().hasPrefix("* OK"))
        #expect(!connection.isEncrypted)
        try connection.send("a STARTTLS")
        #expect(try connection.line().hasPrefix("a OK"))
        try connection.startTLS()
        #expect(connection.isEncrypted)
        try connection.send("b CAPABILITY")
        let lines = try connection.lines(until: "b ")
        #expect(lines.first?.hasPrefix("* CAPABILITY") == true)
        #expect(lines.first?.contains("AUTH=PLAIN") == true)
        #expect(lines.last?.hasPrefix("b OK") == true)
    }

    @Test func pop3StartTLS() throws {
        let connection = try connect(servers.pop3Port)
        defer { connection.close() }
        #expect(try connection.line().hasPrefix("+OK"))
        try connection.send("STLS")
        #expect(try connection.line().hasPrefix("+OK"))
        try connection.startTLS()
        try connection.send("CAPA")
        let lines = try connection.lines(until: ".")
        #expect(lines.first?.hasPrefix("+OK") == true)
        #expect(lines.contains("UIDL"))
    }

    @Test(arguments: ["relay", "submission"])
    func smtpStartTLS(port name: String) throws {
        let connection = try connect(name == "relay" ? servers.smtpPort : servers.submissionPort)
        defer { connection.close() }
        #expect(try connection.lines(until: "220 ").last?.hasPrefix("220 ") == true)
        try connection.send("EHLO client.example.test")
        let before = try connection.lines(until: "250 ")
        #expect(before.contains { $0.contains("STARTTLS") })
        try connection.send("STARTTLS")
        #expect(try connection.line().hasPrefix("220"))
        try connection.startTLS()
        try connection.send("EHLO client.example.test")
        let after = try connection.lines(until: "250 ")
        #expect(!after.contains { $0.contains("STARTTLS") })
        if name == "submission" {
            #expect(after.contains { $0.contains("AUTH") && $0.contains("PLAIN") })
        }
        try connection.send("QUIT")
        #expect(try connection.line().hasPrefix("221"))
    }

    @Test func smtpImplicitTLSSubmission() throws {
        let connection = try SocketConnection.connect(to: Endpoint(host: servers.host, port: servers.submissionsPort),
                                                      mode: .implicit, tls: TLSSettings(caFile: servers.caFile))
        defer { connection.close() }
        #expect(try connection.lines(until: "220 ").last?.hasPrefix("220 ") == true)
    }

    @Test func pop3ImplicitTLS() throws {
        let connection = try SocketConnection.connect(to: Endpoint(host: servers.host, port: servers.pop3sPort),
                                                      mode: .implicit, tls: TLSSettings(caFile: servers.caFile))
        defer { connection.close() }
        #expect(try connection.line().hasPrefix("+OK"))
    }

    @Test func startTLSTwiceIsRefused() throws {
        let connection = try SocketConnection.connect(to: Endpoint(host: servers.host, port: servers.imapsPort),
                                                      mode: .implicit, tls: TLSSettings(caFile: servers.caFile))
        defer { connection.close() }
        #expect(throws: TransportError.alreadyEncrypted) { try connection.startTLS() }
    }

    @Test func imapCompressDeflateAfterLogin() throws {
        let alice = try servers.user("alice")
        let connection = try SocketConnection.connect(to: Endpoint(host: servers.host, port: servers.imapsPort),
                                                      mode: .implicit, tls: TLSSettings(caFile: servers.caFile))
        defer { connection.close() }
        _ = try connection.line()
        try connection.send("a LOGIN \(alice.name) \"\(alice.password)\"")
        let login = try connection.lines(until: "a ")
        #expect(login.last?.hasPrefix("a OK") == true)
        #expect(login.joined().contains("COMPRESS=DEFLATE"))
        try connection.send("b COMPRESS DEFLATE")
        #expect(try connection.line().hasPrefix("b OK"))
        try connection.startCompression()
        // A large response exercises inflate across many chunks.
        for index in 0..<20 {
            try connection.send("c\(index) LIST \"\" \"*\"")
            let lines = try connection.lines(until: "c\(index) ")
            #expect(lines.last?.hasPrefix("c\(index) OK") == true)
            #expect(lines.contains { $0.contains("INBOX") })
        }
        try connection.send("z LOGOUT")
        #expect(try connection.lines(until: "z ").last?.hasPrefix("z OK") == true)
    }
}
