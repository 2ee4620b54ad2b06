#if canImport(Glibc)
import Glibc
#endif

/// A `Connection` to a real server: TCP, then optionally TLS, then optionally DEFLATE.
///
/// Not thread-safe: one protocol session owns it. Every wait is bounded by
/// `timeouts`; bytes are read in chunks, except by `readLine` on a plain
/// connection, which peeks so that nothing past the line leaves the kernel before a
/// STARTTLS handshake.
public final class SocketConnection: Connection {
    public let endpoint: Endpoint
    public let timeouts: Timeouts
    private let tlsSettings: TLSSettings
    private let socket: Socket
    private var tls: TLSSession?
    private var deflate: DeflateStream?
    /// Bytes decoded but not yet returned (only ever filled once TLS or DEFLATE is on).
    private var pending: [UInt8] = []
    private var pendingStart = 0

    private static let chunkSize = 64 * 1024

    /// The answer being read: when it began (the last write, the connection, or the
    /// moment a long wait for the peer ended) and the bytes received since. Its reads
    /// must end within `timeouts.answer` plus the bytes' time at `timeouts.minimumRate`.
    private var answerStart = ContinuousClock.now
    private var answerBytes = 0

    /// OpenSSL writes with write(2), which raises SIGPIPE when the peer has gone; a
    /// lost connection must be an error to handle, never the end of the process.
    private static let ignoreBrokenPipe: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

    private init(endpoint: Endpoint, socket: Socket, tlsSettings: TLSSettings, timeouts: Timeouts) {
        self.endpoint = endpoint
        self.socket = socket
        self.tlsSettings = tlsSettings
        self.timeouts = timeouts
    }

    deinit { close() }

    /// Connects to `endpoint`. With `.implicit` the TLS handshake happens now; with
    /// `.starttls` the protocol calls `startTLS()` after its command; `.insecure`
    /// stays plain.
    ///
    /// `greetingPatience`: for a server that speaks first (IMAP, POP3, SMTP) on a plain
    /// connection, how long its silence is taken as a greeting on its way. Past that,
    /// a second connection tries a TLS handshake: a server that answers it waits for TLS
    /// from the start (`tls = "starttls"` on port 993, say), and `speaksTLS` says so at
    /// once instead of after the read timeout. Only when the read timeout is longer.
    public static func connect(
        to endpoint: Endpoint,
        mode: TLSMode,
        tls: TLSSettings = TLSSettings(),
        timeouts: Timeouts = .standard,
        greetingPatience: Double? = nil
    ) throws -> SocketConnection {
        _ = ignoreBrokenPipe
        let socket = try Socket.connect(to: endpoint, timeout: timeouts.connect)
        let connection = SocketConnection(endpoint: endpoint, socket: socket, tlsSettings: tls, timeouts: timeouts)
        if mode == .implicit {
            try connection.startTLS()
        } else if let greetingPatience, greetingPatience < timeouts.io, try !socket.waitUntilReadable(timeout: greetingPatience),
                  Self.answersTLS(endpoint, settings: tls, timeout: min(timeouts.connect, 5)) {
            connection.close()
            throw TransportError.speaksTLS(endpoint)
        }
        return connection
    }

    /// Whether a TLS handshake with `endpoint` on a connection of its own gets a TLS
    /// answer (a certificate the settings refuse is an answer too).
    private static func answersTLS(_ endpoint: Endpoint, settings: TLSSettings, timeout: Double) -> Bool {
        guard let socket = try? Socket.connect(to: endpoint, timeout: timeout) else { return false }
        defer { socket.close() }
        do {
            let session = try TLSSession(socket: socket, host: endpoint.host, settings: settings, timeout: timeout)
            session.shutdown()
            return true
        } catch TransportError.certificateUntrusted, TransportError.hostNameMismatch, TransportError.fingerprintMismatch {
            return true
        } catch {
            return false
        }
    }

    public var isEncrypted: Bool { tls != nil }

    /// The SHA-256 fingerprint of the server's certificate, once encrypted.
    public var peerFingerprint: CertificateFingerprint? { tls?.peerFingerprint }

    public func startTLS() throws {
        guard tls == nil else { throw TransportError.alreadyEncrypted }
        // Anything already received belongs to the plain-text phase and may have been
        // injected by an attacker (CVE-2021-38370 and friends): throw it away.
        pending = []
        pendingStart = 0
        socket.discardPendingInput()
        tls = try TLSSession(socket: socket, host: endpoint.host, settings: tlsSettings, timeout: timeouts.connect)
    }

    public func startCompression() throws {
        guard deflate == nil else { return }
        deflate = try DeflateStream()
    }

    public func read(upTo maxLength: Int) throws -> [UInt8] {
        if pendingStart < pending.count {
            let end = min(pending.count, pendingStart + maxLength)
            let bytes = Array(pending[pendingStart..<end])
            pendingStart = end
            compactPending()
            return bytes
        }
        let decoded = try readDecoded(upTo: maxLength)
        if decoded.count <= maxLength { return decoded }
        pending = decoded
        pendingStart = maxLength
        return Array(decoded[0..<maxLength])
    }

    /// Reads from the wire and decompresses; empty only at end of stream. May return
    /// more than `count` bytes when DEFLATE expands them.
    private func readDecoded(upTo count: Int) throws -> [UInt8] {
        while true {
            let raw = try readWire(upTo: max(count, 1))
            if raw.isEmpty { return [] }
            guard let deflate else { return raw }
            let decoded = try deflate.decompress(raw)
            if !decoded.isEmpty { return decoded }
        }
    }

    public func readLine(maxLength: Int) throws -> [UInt8]? {
        if tls == nil && deflate == nil {
            return try readPlainLineByPeeking(maxLength: maxLength)
        }
        while true {
            if let newline = pending[pendingStart...].firstIndex(of: 0x0A) {
                let line = Array(pending[pendingStart...newline])
                pendingStart = newline + 1
                compactPending()
                return line
            }
            if pending.count - pendingStart > maxLength { throw TransportError.lineTooLong(limit: maxLength) }
            let more = try readDecoded(upTo: Self.chunkSize)
            if more.isEmpty {
                if pendingStart < pending.count { return takeAllPending() }
                return nil
            }
            pending.append(contentsOf: more)
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        beginAnswer()
        let wire = try deflate?.compress(bytes) ?? bytes
        if let tls {
            try tls.write(wire, timeout: timeouts.io)
        } else {
            try socket.send(wire, timeout: timeouts.io)
        }
    }

    public var peerHasClosed: Bool { socket.peerHasClosed() }

    public func waitUntilReadable(timeout: Double) throws -> Bool {
        if pendingStart < pending.count { return true }
        let deadline = Deadline(after: timeout)
        while true {
            let seconds = deadline.secondsLeft
            let ready = try tls?.waitUntilReadable(timeout: seconds) ?? socket.waitUntilReadable(timeout: seconds)
            guard ready else { return false }
            // The caller waited for the peer on purpose (IDLE): what comes now is a new answer.
            beginAnswer()
            guard let deflate else { return true }
            // Compressed bytes can decode to nothing (a bare flush): decode them now, so
            // that "readable" means a read returns data.
            let raw = try readWire(upTo: Self.chunkSize)
            if raw.isEmpty { return true }
            let decoded = try deflate.decompress(raw)
            if !decoded.isEmpty {
                pending.append(contentsOf: decoded)
                return true
            }
        }
    }

    public func close() {
        guard !socket.isClosed else { return }
        tls?.shutdown()
        socket.close()
    }

    private func readWire(upTo count: Int) throws -> [UInt8] {
        let bytes: [UInt8]
        if let tls {
            bytes = try bounded { try tls.read(upTo: min(count, Self.chunkSize), timeout: $0) }
        } else {
            bytes = try bounded { try socket.receive(upTo: min(count, Self.chunkSize), timeout: $0) }
        }
        answerBytes += bytes.count
        return bytes
    }

    /// Seconds the current answer has left: `answer` plus its bytes' time at the minimum rate.
    private var answerSecondsLeft: Double {
        let spent = answerStart.duration(to: .now).components
        let elapsed = Double(spent.seconds) + Double(spent.attoseconds) * 1e-18
        return timeouts.answer + Double(answerBytes) / max(timeouts.minimumRate, 1) - elapsed
    }

    /// Runs a read with a timeout of at most what the answer has left; a read that runs
    /// out of that (rather than of `io`) means the peer trickles: it is dropped.
    private func bounded<T>(_ read: (Double) throws -> T) throws -> T {
        let left = answerSecondsLeft
        let limit = min(timeouts.io, left)
        do {
            guard left > 0 else { throw TransportError.timedOut(endpoint, operation: "reading") }
            return try read(limit)
        } catch TransportError.timedOut where limit < timeouts.io {
            let spent = answerStart.duration(to: .now).components.seconds
            throw TransportError.tooSlow(endpoint, bytes: answerBytes, seconds: Int(spent))
        }
    }

    /// A new answer begins (a request went out, or the caller waited for the peer).
    private func beginAnswer() {
        answerStart = .now
        answerBytes = 0
    }

    /// Reads one line from a plain socket without consuming anything after it.
    private func readPlainLineByPeeking(maxLength: Int) throws -> [UInt8]? {
        var line: [UInt8] = []
        while true {
            let peeked = try bounded { try socket.receive(upTo: min(4096, maxLength + 1 - line.count), peek: true, timeout: $0) }
            if peeked.isEmpty { return line.isEmpty ? nil : line }
            let take = peeked.firstIndex(of: 0x0A).map { $0 + 1 } ?? peeked.count
            let consumed = try socket.receive(upTo: take, timeout: timeouts.io)
            answerBytes += consumed.count
            line.append(contentsOf: consumed)
            if line.last == 0x0A { return line }
            if line.count > maxLength { throw TransportError.lineTooLong(limit: maxLength) }
        }
    }

    private func takeAllPending() -> [UInt8] {
        let bytes = Array(pending[pendingStart...])
        pending = []
        pendingStart = 0
        return bytes
    }

    private func compactPending() {
        if pendingStart == pending.count {
            pending = []
            pendingStart = 0
        } else if pendingStart > 64 * 1024 {
            pending.removeFirst(pendingStart)
            pendingStart = 0
        }
    }
}
