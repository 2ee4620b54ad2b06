import Foundation
import TestSupport
import Testing
@testable import Transport

/// The test support `FaultProxy` itself, on plain loopback servers: each fault does
/// exactly what the engine's fault tests rely on, at exactly the byte asked for.
@Suite struct FaultProxyTests {
    /// 100 bytes the server sends at once: "00010203…" with a line end at the close.
    static let payload = (0..<49).map { String(format: "%02d", $0) }.joined() + "\r\n"

    /// A server that sends the payload, then reports the first line it reads.
    final class Upstream: @unchecked Sendable {
        let server: LoopbackServer
        private let lock = NSLock()
        private var line: String?
        private var connected = false
        private var stopped = false

        init() throws {
            let box = Box()
            server = try LoopbackServer { client in
                box.upstream?.accepted()
                client.send(FaultProxyTests.payload)
                box.upstream?.received(client.readLine())
            }
            box.upstream = self
        }

        /// Stops the server once, however many times it is called (its listener must be closed once).
        func stop(timeout: Double = 5) {
            let first = lock.withLock { () -> Bool in
                defer { stopped = true }
                return !stopped
            }
            if first { server.stop(timeout: timeout) }
        }

        func accepted() { lock.withLock { connected = true } }
        func received(_ text: String) { lock.withLock { line = text } }
        var receivedLine: String? { lock.withLock { line } }
        var wasConnected: Bool { lock.withLock { connected } }

        /// Hands the server's thread its owner once both exist.
        final class Box: @unchecked Sendable {
            weak var upstream: Upstream?
        }
    }

    func connect(_ proxy: FaultProxy, io: Double = 1) throws -> SocketConnection {
        try SocketConnection.connect(to: Endpoint(host: "127.0.0.1", port: proxy.port), mode: .insecure,
                                     timeouts: Timeouts(connect: 1, io: io))
    }

    /// Reads until end of stream or an error; returns the bytes and the error.
    func readAll(_ connection: SocketConnection) -> (bytes: [UInt8], error: (any Error)?) {
        var bytes: [UInt8] = []
        do {
            while true {
                let chunk = try connection.read(upTo: 4096)
                if chunk.isEmpty { return (bytes, nil) }
                bytes += chunk
                if bytes.count >= Self.payload.utf8.count { return (bytes, nil) }
            }
        } catch {
            return (bytes, error)
        }
    }

    @Test func passForwardsBothWaysUnchanged() throws {
        let upstream = try Upstream()
        defer { upstream.stop() }
        let proxy = try FaultProxy(upstreamPort: upstream.server.port)
        defer { proxy.stop() }
        let connection = try connect(proxy)
        #expect(readAll(connection).bytes == Array(Self.payload.utf8))
        try connection.write(Array("hello\r\n".utf8))
        connection.close()
        upstream.stop()
        #expect(upstream.receivedLine == "hello\r\n")
        #expect(proxy.faultsInjected == 0)
        #expect(proxy.transcript(ofConnection: 0).last { $0.direction == .toClient }?.end == 100)
    }

    @Test func dropEndsTheStreamAtTheByte() throws {
        let upstream = try Upstream()
        defer { upstream.stop() }
        let proxy = try FaultProxy(upstreamPort: upstream.server.port)
        defer { proxy.stop() }
        proxy.enqueue(.drop(.toClient, at: 37))
        let result = readAll(try connect(proxy))
        #expect(result.bytes == Array(Self.payload.utf8.prefix(37)))
        #expect(result.error == nil, "a FIN: end of stream, not an error")
        #expect(proxy.injectedFaults == ["connection 0: drop toward the client at byte 37"])
    }

    @Test func corruptInvertsExactlyOneByte() throws {
        let upstream = try Upstream()
        defer { upstream.stop() }
        let proxy = try FaultProxy(upstreamPort: upstream.server.port)
        defer { proxy.stop() }
        proxy.enqueue(.corrupt(.toClient, at: 10))
        var expected = Array(Self.payload.utf8)
        expected[10] ^= 0xFF
        #expect(readAll(try connect(proxy)).bytes == expected)
        #expect(proxy.faultsInjected == 1)
    }

    @Test func resetIsAnRSTNotAFIN() throws {
        let upstream = try Upstream()
        defer { upstream.stop() }
        let proxy = try FaultProxy(upstreamPort: upstream.server.port)
        defer { proxy.stop() }
        proxy.enqueue(.reset(.toClient, at: 20))
        let connection = try connect(proxy)
        Thread.sleep(forTimeInterval: 0.3)   // the RST arrives behind the 20 bytes
        let result = readAll(connection)
        #expect(result.bytes.count <= 20)
        #expect(result.error.map { "\($0)" }?.contains("closed the connection unexpectedly") == true, "\(String(describing: result.error))")
    }

    @Test func truncateEndsOneDirectionOnly() throws {
        let upstream = try Upstream()
        defer { upstream.stop() }
        let proxy = try FaultProxy(upstreamPort: upstream.server.port)
        defer { proxy.stop() }
        proxy.enqueue(.truncate(.toClient, at: 50))
        let connection = try connect(proxy)
        let result = readAll(connection)
        #expect(result.bytes == Array(Self.payload.utf8.prefix(50)) && result.error == nil)
        try connection.write(Array("still here\r\n".utf8))
        upstream.stop()
        #expect(upstream.receivedLine == "still here\r\n", "the other direction still flows")
    }

    @Test func stallKeepsTheSocketOpenUntilTheClientGivesUp() throws {
        let upstream = try Upstream()
        defer { upstream.stop() }
        let proxy = try FaultProxy(upstreamPort: upstream.server.port)
        defer { proxy.stop() }
        proxy.enqueue(.stall(.toClient, at: 30))
        let started = Date()
        let result = readAll(try connect(proxy, io: 0.5))
        #expect(result.bytes.count == 30)
        guard case TransportError.timedOut? = result.error else {
            Issue.record("expected a timeout, got \(String(describing: result.error))")
            return
        }
        #expect(Date().timeIntervalSince(started) >= 0.5)
    }

    @Test func delayHoldsTheStreamThenGoesOn() throws {
        let upstream = try Upstream()
        defer { upstream.stop() }
        let proxy = try FaultProxy(upstreamPort: upstream.server.port)
        defer { proxy.stop() }
        proxy.enqueue(.delay(.toClient, at: 40, seconds: 0.4))
        let started = Date()
        #expect(readAll(try connect(proxy)).bytes == Array(Self.payload.utf8))
        #expect(Date().timeIntervalSince(started) >= 0.4)
    }

    @Test func silentAcceptNeverReachesTheServer() throws {
        let upstream = try Upstream()
        defer { upstream.stop() }
        let proxy = try FaultProxy(upstreamPort: upstream.server.port)
        defer { proxy.stop() }
        proxy.enqueue(.silentAccept)
        let result = readAll(try connect(proxy, io: 0.4))
        #expect(result.bytes.isEmpty)
        guard case TransportError.timedOut? = result.error else {
            Issue.record("expected a timeout, got \(String(describing: result.error))")
            return
        }
        upstream.stop(timeout: 0.1)
        #expect(!upstream.wasConnected)
        #expect(proxy.faultsInjected == 1)
    }

    @Test func discardedFaultsAreForgottenAndTheRestComeInOrder() throws {
        // Nothing listens on port 1: a connection without a fault is closed at once.
        let proxy = try FaultProxy(upstreamPort: 1)
        defer { proxy.stop() }
        proxy.enqueue(.drop(.toServer, at: 5))
        proxy.discardQueued()
        proxy.enqueue(.silentAccept)
        let first = try connect(proxy, io: 0.3)
        #expect(throws: TransportError.self) { try first.read(upTo: 10) }
        let second = try connect(proxy, io: 0.3)
        #expect(try second.read(upTo: 10).isEmpty, "no fault left: passed on, and the server is down")
        #expect(proxy.injectedFaults == ["connection 0: accept and never answer"])
        #expect(proxy.connections == 2)
    }
}
