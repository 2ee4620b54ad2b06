import Foundation
import TestSupport
import Testing
@testable import Transport

/// Connecting, resolving and timing out, on loopback servers of our own.
@Suite struct SocketConnectionTests {
    @Test func unknownHostIsReportedAsSuch() {
        #expect {
            _ = try SocketConnection.connect(to: Endpoint(host: "no-such-host.invalid", port: 993), mode: .insecure,
                                             timeouts: Timeouts(connect: 3, io: 3))
        } throws: { error in
            guard case TransportError.hostNotFound = error else { return false }
            return "\(error)".contains("no-such-host.invalid")
        }
    }

    @Test func refusedConnectionSaysWhatToCheck() throws {
        // Bind a port, close it, then connect to it: nothing listens there.
        let server = try LoopbackServer { _ in }
        let port = server.port
        let probe = try SocketConnection.connect(to: Endpoint(host: "127.0.0.1", port: port), mode: .insecure)
        probe.close()
        server.stop()
        #expect {
            _ = try SocketConnection.connect(to: Endpoint(host: "127.0.0.1", port: port), mode: .insecure)
        } throws: { error in
            guard case TransportError.connectFailed = error else { return false }
            return "\(error)".contains("check host, port")
        }
    }

    @Test func silentServerTimesOut() throws {
        // The server stays silent for 6 s; only our 0.5 s read timeout can end the read early.
        let server = try LoopbackServer { _ in Thread.sleep(forTimeInterval: 6) }
        defer { server.stop() }
        let connection = try SocketConnection.connect(to: Endpoint(host: "127.0.0.1", port: server.port), mode: .insecure,
                                                      timeouts: Timeouts(connect: 2, io: 0.5))
        defer { connection.close() }
        let started = Date()
        #expect(throws: TransportError.timedOut(Endpoint(host: "127.0.0.1", port: server.port), operation: "reading")) {
            _ = try connection.readLine(maxLength: 100)
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func implicitTLSAgainstASilentServerTimesOut() throws {
        let server = try LoopbackServer { _ in Thread.sleep(forTimeInterval: 2) }
        defer { server.stop() }
        #expect(throws: TransportError.self) {
            _ = try SocketConnection.connect(to: Endpoint(host: "127.0.0.1", port: server.port), mode: .implicit,
                                             timeouts: Timeouts(connect: 0.5, io: 0.5))
        }
    }

    @Test func endlessLineIsCapped() throws {
        let server = try LoopbackServer { client in
            client.send(String(repeating: "x", count: 10_000))
            Thread.sleep(forTimeInterval: 0.5)
        }
        defer { server.stop() }
        let connection = try SocketConnection.connect(to: Endpoint(host: "127.0.0.1", port: server.port), mode: .insecure)
        defer { connection.close() }
        #expect(throws: TransportError.lineTooLong(limit: 1000)) {
            _ = try connection.readLine(maxLength: 1000)
        }
    }

    @Test func peerCloseIsEndOfStream() throws {
        let server = try LoopbackServer { client in client.send("bye\r\n") }
        defer { server.stop() }
        let connection = try SocketConnection.connect(to: Endpoint(host: "127.0.0.1", port: server.port), mode: .insecure)
        defer { connection.close() }
        #expect(try connection.line() == "bye")
        #expect(try connection.readLine(maxLength: 100) == nil)
        #expect(try connection.read(upTo: 100).isEmpty)
    }

    @Test func fingerprintParsing() {
        let hex = String(repeating: "AB:", count: 31) + "AB"
        #expect(CertificateFingerprint("sha256:" + hex)?.bytes == [UInt8](repeating: 0xAB, count: 32))
        #expect(CertificateFingerprint(String(repeating: "ab", count: 32))?.bytes.count == 32)
        #expect(CertificateFingerprint("sha256:AB:CD") == nil)
        #expect(CertificateFingerprint("sha256:" + String(repeating: "ZZ", count: 32)) == nil)
        #expect(CertificateFingerprint(bytes: [UInt8](repeating: 0xAB, count: 32)).description == "sha256:" + hex)
    }
}

@Suite struct IPv6ConnectionTests {
    /// Resolution goes through getaddrinfo with AF_UNSPEC, so an IPv6 literal (or a name
    /// with AAAA records) reaches an IPv6-only listener.
    @Test func connectsToAnIPv6Address() throws {
        for host in ["::1", "0:0:0:0:0:0:0:1"] {
            let server = try LoopbackServer(ipv6: true) { client in
                client.send("hello over IPv6\r\n")
                _ = client.readLine()
            }
            defer { server.stop() }
            let connection = try SocketConnection.connect(to: Endpoint(host: host, port: server.port), mode: .insecure,
                                                          timeouts: Timeouts(connect: 3, io: 3))
            defer { connection.close() }
            #expect(try connection.line() == "hello over IPv6")
            #expect(Endpoint(host: "::1", port: 993).description == "[::1]:993")
            try connection.send("bye")
        }
    }
}

/// Noticing a peer that hung up, without reading.
@Suite struct PeerClosedTests {
    @Test func aClosedPeerIsNoticedAndAnOpenOneIsNot() throws {
        let gate = DispatchSemaphore(value: 0)
        let server = try LoopbackServer { client in
            client.send("hello\r\n")
            gate.wait()
        }
        defer { server.stop() }
        let connection = try SocketConnection.connect(to: Endpoint(host: "127.0.0.1", port: server.port), mode: .insecure)
        #expect(try connection.readLine(maxLength: 100) == Array("hello\r\n".utf8))
        #expect(!connection.peerHasClosed, "the server is still there")
        gate.signal()
        let deadline = Date().addingTimeInterval(5)
        while !connection.peerHasClosed, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(connection.peerHasClosed, "the server's close is seen without a read")
    }
}
