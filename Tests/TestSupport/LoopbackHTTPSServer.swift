import Foundation

/// A one-request HTTPS server on 127.0.0.1 for RFC 8058 one-click unsubscription tests:
/// it presents the given certificate (the test servers' own, signed by their test CA,
/// or the untrusted one), reads one HTTP/1.1 request and answers with `status`. The
/// request it read is kept for the test to look at.
public final class LoopbackHTTPSServer: @unchecked Sendable {
    /// One request as it arrived.
    public struct Request: Sendable, Equatable {
        public var requestLine: String
        /// Header lines as sent, without their line ends.
        public var headers: [String]
        public var body: String

        /// The value of the first header called `name` (any case).
        public func header(_ name: String) -> String? {
            headers.first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
                .map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
        }
    }

    private let server: LoopbackServer
    private let lock = NSLock()
    private var received: Request?
    private let arrived = DispatchSemaphore(value: 0)

    public var port: UInt16 { server.port }

    /// Starts listening; `status` is the whole status line's code and reason ("200 OK").
    public init(certificateFile: String, keyFile: String, status: String = "200 OK") throws {
        var me: LoopbackHTTPSServer?
        let box = WeakBox()
        server = try LoopbackServer { client in
            defer { box.arrived?.signal() }
            try client.startTLS(certificateFile: certificateFile, keyFile: keyFile)
            let requestLine = client.readLine().trimmingCharacters(in: .newlines)
            var headers: [String] = []
            while true {
                let line = client.readLine().trimmingCharacters(in: .newlines)
                if line.isEmpty { break }
                headers.append(line)
                if headers.count > 100 { break }
            }
            let length = headers.first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            let body = String(decoding: client.read(count: min(length, 65_536)), as: UTF8.self)
            box.store?(Request(requestLine: requestLine, headers: headers, body: body))
            client.send("HTTP/1.1 \(status)\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")
        }
        me = self
        box.arrived = arrived
        box.store = { [weak me] request in
            guard let me else { return }
            me.lock.withLock { me.received = request }
        }
    }

    /// The request, once it arrived (waiting at most `timeout` seconds); nil when none did.
    public func request(timeout: Double = 10) -> Request? {
        _ = arrived.wait(timeout: .now() + timeout)
        arrived.signal()
        return lock.withLock { received }
    }

    /// Whether a request arrived by now, without waiting.
    public var hasRequest: Bool { lock.withLock { received != nil } }

    public func stop() {
        server.stop(timeout: 2)
    }
}

/// Lets the connection's closure reach the server object built after it.
private final class WeakBox: @unchecked Sendable {
    var arrived: DispatchSemaphore?
    var store: ((LoopbackHTTPSServer.Request) -> Void)?
}
