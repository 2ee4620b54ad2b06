import Foundation
import TestSupport
import Testing
import TransportTesting
@testable import Transport

/// `waitUntilReadable`: true as soon as a read would return data (or the end), false
/// after the timeout when nothing came — on a script, a plain socket and TLS, where
/// bytes on the socket that carry no application data must not count.
@Suite struct WaitUntilReadableTests {
    /// Seconds `body` took.
    func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let started = Date()
        let result = try body()
        return (result, Date().timeIntervalSince(started))
    }

    @Test func aScriptIsReadableWhenTheServerSpeaksNext() throws {
        let connection = ScriptedConnection(transcript: """
        S: * OK ready
        C: a NOOP
        -- QUIET
        S: a OK done
        -- CLOSE
        """)
        #expect(try connection.waitUntilReadable(timeout: 5), "the greeting is due")
        #expect(try connection.readLine(maxLength: 100) == Array("* OK ready\r\n".utf8))
        let (waiting, waited) = try timed { try connection.waitUntilReadable(timeout: 0.2) }
        #expect(!waiting, "the script waits for the client: nothing can arrive")
        #expect(waited >= 0.15, "the timeout is waited out, as on a socket")
        try connection.write(Array("a NOOP\r\n".utf8))
        #expect(try !connection.waitUntilReadable(timeout: 0.01), "the server stays quiet once")
        #expect(try connection.waitUntilReadable(timeout: 0.01))
        #expect(try connection.readLine(maxLength: 100) == Array("a OK done\r\n".utf8))
        #expect(try connection.waitUntilReadable(timeout: 0.01), "the end of the stream is readable")
        #expect(try connection.readLine(maxLength: 100) == nil)
    }

    @Test func aReadPassesOverASilence() throws {
        let connection = ScriptedConnection(transcript: "-- QUIET\nS: * 3 EXISTS")
        #expect(try connection.readLine(maxLength: 100) == Array("* 3 EXISTS\r\n".utf8))
        #expect(connection.isFinished)
    }

    @Test func aPlainSocketWaitsForBytesAndForTheClose() throws {
        let go = DispatchSemaphore(value: 0)
        let server = try LoopbackServer { client in
            client.send("* OK hi\r\n")
            go.wait()
            client.send("* 1 EXISTS\r\n")
            go.wait()
        }
        defer { server.stop() }
        let connection = try SocketConnection.connect(to: Endpoint(host: "127.0.0.1", port: server.port), mode: .insecure,
                                                      timeouts: Timeouts(connect: 5, io: 5))
        defer { connection.close() }
        #expect(try connection.waitUntilReadable(timeout: 5))
        #expect(try connection.readLine(maxLength: 100) == Array("* OK hi\r\n".utf8))
        let (silent, waited) = try timed { try connection.waitUntilReadable(timeout: 0.3) }
        #expect(!silent)
        #expect(waited >= 0.25 && waited < 2, "\(waited) s")
        go.signal()
        #expect(try connection.waitUntilReadable(timeout: 5))
        #expect(try connection.readLine(maxLength: 100) == Array("* 1 EXISTS\r\n".utf8))
        go.signal()
        #expect(try connection.waitUntilReadable(timeout: 5), "the server closed: a read says so at once")
        #expect(try connection.readLine(maxLength: 100) == nil)
    }

    @Test func tlsRecordsWithoutApplicationDataDoNotCount() throws {
        let certificates = try TestCertificates(commonName: "localhost", subjectAltName: "DNS:localhost")
        defer { certificates.remove() }
        let go = DispatchSemaphore(value: 0)
        let server = try LoopbackServer { client in
            // TLS 1.3 servers send session tickets after the handshake: bytes on the
            // socket, but nothing a read would return.
            try client.startTLS(certificateFile: certificates.certificateFile, keyFile: certificates.keyFile)
            go.wait()
            client.send("* 2 EXISTS\r\n* 3 EXISTS\r\n")
            go.wait()
        }
        defer { server.stop() }
        let connection = try SocketConnection.connect(to: Endpoint(host: "127.0.0.1", port: server.port), mode: .implicit,
                                                      tls: TLSSettings(caFile: certificates.caFile, serverName: "localhost"),
                                                      timeouts: Timeouts(connect: 5, io: 5))
        defer { connection.close() }
        let (silent, waited) = try timed { try connection.waitUntilReadable(timeout: 0.3) }
        #expect(!silent, "no application data yet")
        #expect(waited >= 0.25 && waited < 2, "\(waited) s")
        go.signal()
        #expect(try connection.waitUntilReadable(timeout: 5))
        #expect(try connection.readLine(maxLength: 100) == Array("* 2 EXISTS\r\n".utf8))
        let (buffered, instant) = try timed { try connection.waitUntilReadable(timeout: 5) }
        #expect(buffered && instant < 1, "the second line is already decrypted and buffered")
        #expect(try connection.readLine(maxLength: 100) == Array("* 3 EXISTS\r\n".utf8))
        #expect(try !connection.waitUntilReadable(timeout: 0.1))
        go.signal()
    }

    @Test func dovecotOverTLSIsSilentUntilAskedThenReadable() throws {
        let servers = try TestServers.load()
        let connection = try SocketConnection.connect(to: Endpoint(host: servers.host, port: servers.imapsPort), mode: .implicit,
                                                      tls: TLSSettings(caFile: servers.caFile), timeouts: Timeouts(connect: 5, io: 5))
        defer { connection.close() }
        let greeting = try #require(try connection.readLine(maxLength: 4096))
        #expect(greeting.starts(with: Array("* OK".utf8)))
        let (silent, waited) = try timed { try connection.waitUntilReadable(timeout: 0.3) }
        #expect(!silent)
        #expect(waited >= 0.25 && waited < 2, "\(waited) s")
        try connection.write(Array("w1 NOOP\r\n".utf8))
        #expect(try connection.waitUntilReadable(timeout: 5))
        #expect(try connection.readLine(maxLength: 4096)?.starts(with: Array("w1 OK".utf8)) == true)
    }
}
