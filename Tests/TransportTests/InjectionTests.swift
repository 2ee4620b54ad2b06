import Foundation
import TestSupport
import Testing
@testable import Transport

/// A server of our own that sends extra bytes right behind its STARTTLS reply
/// (the CVE-2021-38370 class): they must never be read as protocol data.
@Suite struct InjectionTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    var keyFile: String { (servers.serverCertFile as NSString).deletingLastPathComponent + "/server.key" }

    @Test func bytesInTheSameSegmentAsTheReplyAreDropped() throws {
        let cert = servers.serverCertFile
        let key = keyFile
        let server = try LoopbackServer { client in
            client.send("* OK ready\r\n")
            _ = client.readLine()
            client.send("a OK begin TLS\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n")
            try client.startTLS(certificateFile: cert, keyFile: key)
            client.send("* OK after the handshake\r\n")
            _ = client.readLine()
        }
        defer { server.stop() }
        let connection = try SocketConnection.connect(to: Endpoint(host: "127.0.0.1", port: server.port), mode: .starttls,
                                                      tls: TLSSettings(caFile: servers.caFile))
        defer { connection.close() }
        #expect(try connection.line() == "* OK ready")
        try connection.send("a STARTTLS")
        #expect(try connection.line() == "a OK begin TLS")
        // Give the injected bytes time to arrive before the upgrade.
        Thread.sleep(forTimeInterval: 0.2)
        try connection.startTLS()
        #expect(try connection.line() == "* OK after the handshake")
        try connection.send("b NOOP")
    }

    @Test func bytesArrivingDuringTheHandshakeAbortIt() throws {
        let cert = servers.serverCertFile
        let key = keyFile
        let server = try LoopbackServer { client in
            client.send("* OK ready\r\n")
            _ = client.readLine()
            client.send("a OK begin TLS\r\n")
            Thread.sleep(forTimeInterval: 0.3)
            client.send("* BYE injected after the reply\r\n")
            try? client.startTLS(certificateFile: cert, keyFile: key)
            client.send("* OK after the handshake\r\n")
        }
        defer { server.stop() }
        let connection = try SocketConnection.connect(to: Endpoint(host: "127.0.0.1", port: server.port), mode: .starttls,
                                                      tls: TLSSettings(caFile: servers.caFile),
                                                      timeouts: Timeouts(connect: 3, io: 3))
        defer { connection.close() }
        _ = try connection.line()
        try connection.send("a STARTTLS")
        #expect(try connection.line() == "a OK begin TLS")
        // Whatever happens, the injected line is never returned: either the handshake
        // fails on bytes that are not TLS, or they are gone.
        do {
            try connection.startTLS()
            let next = try connection.line()
            #expect(!next.contains("injected"))
        } catch let error as TransportError {
            #expect(!error.description.contains("injected"))
        }
    }

    @Test func plainReadLineDoesNotConsumePastTheLine() throws {
        let server = try LoopbackServer { client in
            client.send("first line\r\nsecond line\r\n")
            _ = client.readLine()
        }
        defer { server.stop() }
        let connection = try SocketConnection.connect(to: Endpoint(host: "127.0.0.1", port: server.port), mode: .insecure)
        defer { connection.close() }
        Thread.sleep(forTimeInterval: 0.1)
        #expect(try connection.line() == "first line")
        // The second line is still in the kernel's buffer, untouched.
        #expect(try connection.line() == "second line")
        try connection.send("bye")
    }
}
