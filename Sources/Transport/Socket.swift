#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A connected TCP socket with poll-based timeouts. Owns its file descriptor.
final class Socket {
    let descriptor: Int32
    let endpoint: Endpoint
    private(set) var isClosed = false

    private init(descriptor: Int32, endpoint: Endpoint) {
        self.descriptor = descriptor
        self.endpoint = endpoint
    }

    deinit { close() }

    /// Resolves the host (IPv4 and IPv6) and connects to the first address that answers
    /// within `timeout` seconds. TCP_NODELAY is set: mail protocols are chatty and
    /// Nagle plus delayed ACKs stall each round trip.
    static func connect(to endpoint: Endpoint, timeout: Double) throws -> Socket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(endpoint.host, String(endpoint.port), &hints, &list)
        guard status == 0, let first = list else {
            throw TransportError.hostNotFound(endpoint.host, detail: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }

        var lastError = "no address"
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            cursor = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd < 0 { lastError = errnoText(); continue }
            let candidate = Socket(descriptor: fd, endpoint: endpoint)
            do {
                try candidate.connect(address: info.pointee.ai_addr, length: info.pointee.ai_addrlen, timeout: timeout)
                candidate.setNoDelay()
                return candidate
            } catch TransportError.timedOut {
                lastError = "timed out after \(Int(timeout)) s"
            } catch {
                lastError = (error as? TransportError).map { "\($0)" } ?? "\(error)"
                if case let TransportError.connectFailed(_, detail) = error { lastError = detail }
            }
        }
        if lastError.hasPrefix("timed out") {
            throw TransportError.timedOut(endpoint, operation: "connecting")
        }
        throw TransportError.connectFailed(endpoint, detail: lastError)
    }

    private func connect(address: UnsafeMutablePointer<sockaddr>, length: socklen_t, timeout: Double) throws {
        // The socket stays non-blocking for life: every wait goes through poll with a
        // timeout, which also lets OpenSSL report WANT_READ instead of hanging.
        let flags = fcntl(descriptor, F_GETFL, 0)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        if Glibc.connect(descriptor, address, length) == 0 { return }
        guard errno == EINPROGRESS else {
            throw TransportError.connectFailed(endpoint, detail: errnoText())
        }
        try wait(forWriting: true, timeout: timeout, operation: "connecting")
        var socketError: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &socketError, &size)
        if socketError != 0 {
            throw TransportError.connectFailed(endpoint, detail: String(cString: strerror(socketError)))
        }
    }

    private func setNoDelay() {
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Waits until the socket is readable (or writable) or the timeout passes.
    func wait(forWriting: Bool, timeout: Double, operation: String) throws {
        var pollDescriptor = pollfd(fd: descriptor, events: Int16(forWriting ? POLLOUT : POLLIN), revents: 0)
        let milliseconds = Int32(max(0, min(timeout * 1000, Double(Int32.max))))
        while true {
            let result = poll(&pollDescriptor, 1, milliseconds)
            if result > 0 { return }
            if result == 0 { throw TransportError.timedOut(endpoint, operation: operation) }
            if errno != EINTR { throw TransportError.ioFailed(endpoint, detail: errnoText()) }
        }
    }

    /// Waits at most `timeout` seconds for bytes (or the end of the stream); true when
    /// they are there. Unlike `wait`, running out of time is an answer, not an error.
    func waitUntilReadable(timeout: Double) throws -> Bool {
        guard !isClosed else { throw TransportError.closed }
        var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(max(0, min((timeout * 1000).rounded(.up), Double(Int32.max))))
        while true {
            let result = poll(&pollDescriptor, 1, milliseconds)
            if result >= 0 { return result > 0 }
            if errno != EINTR { throw TransportError.ioFailed(endpoint, detail: errnoText()) }
        }
    }

    /// Whether bytes can be read right now without blocking.
    func hasPendingInput() -> Bool {
        var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&pollDescriptor, 1, 0) > 0
    }

    /// Whether the peer closed (FIN) or reset the connection: readable now, and a
    /// non-blocking peek finds the end of stream or a reset rather than bytes.
    func peerHasClosed() -> Bool {
        guard !isClosed, hasPendingInput() else { return isClosed }
        var byte: UInt8 = 0
        let received = recv(descriptor, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        if received == 0 { return true }
        return received < 0 && (errno == ECONNRESET || errno == EPIPE || errno == ENOTCONN)
    }

    /// Receives up to `count` bytes; an empty result means end of stream.
    func receive(upTo count: Int, peek: Bool = false, timeout: Double) throws -> [UInt8] {
        guard !isClosed else { throw TransportError.closed }
        while true {
            try wait(forWriting: false, timeout: timeout, operation: "reading")
            // Received straight into the returned array (not zero-filled, not copied).
            var received = 0
            let bytes = [UInt8](unsafeUninitializedCapacity: max(count, 1)) { buffer, initialized in
                received = recv(descriptor, buffer.baseAddress, count, peek ? Int32(MSG_PEEK) : 0)
                initialized = max(0, received)
            }
            if received >= 0 { return bytes }
            if errno == EINTR || errno == EAGAIN { continue }
            if errno == ECONNRESET { throw TransportError.closedByPeer(endpoint) }
            throw TransportError.ioFailed(endpoint, detail: errnoText())
        }
    }

    /// Sends all of `bytes`.
    func send(_ bytes: [UInt8], timeout: Double) throws {
        guard !isClosed else { throw TransportError.closed }
        var offset = 0
        while offset < bytes.count {
            try wait(forWriting: true, timeout: timeout, operation: "writing")
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                if errno == EPIPE || errno == ECONNRESET { throw TransportError.closedByPeer(endpoint) }
                throw TransportError.ioFailed(endpoint, detail: errnoText())
            }
            offset += sent
        }
    }

    /// Reads and throws away whatever has already arrived, without waiting.
    func discardPendingInput() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while hasPendingInput() {
            let received = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, 4096, 0) }
            if received <= 0 { return }
        }
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(descriptor)
    }
}

func errnoText() -> String {
    String(cString: strerror(errno))
}
