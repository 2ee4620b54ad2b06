import Foundation
import Transport

/// An in-memory `Connection` that plays the server side of a written conversation,
/// for protocol tests with no socket.
///
/// The script is a list of steps: bytes the server sends, bytes the client must
/// write (checked exactly), and the points where the client upgrades to TLS or
/// DEFLATE. A client that writes something else, or reads while the script waits
/// for it to write, gets `TransportError.scriptMismatch` saying what differed.
/// `waitUntilReadable` answers as a socket would: readable when the server's next
/// step is to send (or close), a timeout when it waits for the client or stays quiet.
public final class ScriptedConnection: Connection {
    /// One step of a scripted conversation.
    public enum Step: Sendable, Equatable {
        case server([UInt8])
        case client([UInt8])
        case startTLS
        case startCompression
        /// The server closes the connection: reads return end of stream.
        case close
        /// The server stays silent for one wait: `waitUntilReadable` sleeps its timeout
        /// and returns false. A read, or a write by the client, passes over it.
        case quiet
    }

    private var steps: [Step]
    private var index = 0
    private var serverOffset = 0
    private var written: [UInt8] = []
    public private(set) var isEncrypted = false
    public private(set) var isCompressed = false
    public private(set) var isClosed = false

    public init(steps: [Step]) {
        self.steps = steps
    }

    /// Builds a script from a transcript: `S: ` lines are sent by the server, `C: `
    /// lines are expected from the client (each gets CRLF), `-- STARTTLS`,
    /// `-- COMPRESS` and `-- CLOSE` mark the upgrade points and the end, `-- QUIET`
    /// a silence.
    public convenience init(transcript: String) {
        var steps: [Step] = []
        for line in transcript.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
            if text.hasPrefix("S: ") {
                steps.append(.server(Array(text.dropFirst(3).utf8) + [13, 10]))
            } else if text.hasPrefix("C: ") {
                steps.append(.client(Array(text.dropFirst(3).utf8) + [13, 10]))
            } else if text == "-- STARTTLS" {
                steps.append(.startTLS)
            } else if text == "-- COMPRESS" {
                steps.append(.startCompression)
            } else if text == "-- CLOSE" {
                steps.append(.close)
            } else if text == "-- QUIET" {
                steps.append(.quiet)
            }
        }
        self.init(steps: steps)
    }

    /// Whether every step of the script has been played.
    public var isFinished: Bool {
        try? matchWritten()
        return index >= steps.count || (index == steps.count - 1 && steps[index] == .close)
    }

    /// What the client wrote that no step has matched yet.
    public var unmatchedClientBytes: [UInt8] { written }

    public func read(upTo maxLength: Int) throws -> [UInt8] {
        try checkOpen()
        try matchWritten()
        skipQuiet()
        guard index < steps.count else { return [] }
        switch steps[index] {
        case let .server(bytes):
            let end = min(bytes.count, serverOffset + maxLength)
            let chunk = Array(bytes[serverOffset..<end])
            serverOffset = end
            if serverOffset == bytes.count { advance() }
            return chunk
        case .close:
            return []
        case .quiet:
            return try read(upTo: maxLength)
        case let .client(expected):
            throw TransportError.scriptMismatch("the client reads, but the script waits for it to send \(Self.show(expected))")
        case .startTLS, .startCompression:
            throw TransportError.scriptMismatch("the client reads, but the script waits for it to start \(steps[index] == .startTLS ? "TLS" : "compression")")
        }
    }

    public func readLine(maxLength: Int) throws -> [UInt8]? {
        var line: [UInt8] = []
        while line.last != 0x0A {
            try checkOpen()
            try matchWritten()
            skipQuiet()
            guard index < steps.count, case let .server(bytes) = steps[index] else {
                if line.isEmpty, index >= steps.count || steps[index] == .close { return nil }
                if !line.isEmpty { return line }
                _ = try read(upTo: 1)
                return nil
            }
            let rest = bytes[serverOffset...]
            let end = rest.firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
            line.append(contentsOf: bytes[serverOffset..<end])
            serverOffset = end
            if serverOffset == bytes.count { advance() }
            if line.count > maxLength { throw TransportError.lineTooLong(limit: maxLength) }
        }
        return line
    }

    public func write(_ bytes: [UInt8]) throws {
        try checkOpen()
        written.append(contentsOf: bytes)
        try matchWritten()
    }

    public func startTLS() throws {
        try checkOpen()
        guard !isEncrypted else { throw TransportError.alreadyEncrypted }
        try matchWritten()
        // Like a real socket: bytes the server sent before the handshake and the client
        // has not read are dropped, never returned afterwards.
        if index < steps.count, case .server = steps[index], serverOffset > 0 { advance() }
        while index < steps.count, case .server = steps[index] { advance() }
        guard index < steps.count, steps[index] == .startTLS else {
            throw TransportError.scriptMismatch("the client starts TLS where the script does not")
        }
        advance()
        isEncrypted = true
    }

    public func startCompression() throws {
        try checkOpen()
        try matchWritten()
        guard index < steps.count, steps[index] == .startCompression else {
            throw TransportError.scriptMismatch("the client starts compression where the script does not")
        }
        advance()
        isCompressed = true
    }

    public func close() {
        isClosed = true
    }

    public func waitUntilReadable(timeout: Double) throws -> Bool {
        try checkOpen()
        try matchWritten()
        guard index < steps.count else { return true }
        switch steps[index] {
        case .server, .close:
            return true
        case .quiet:
            advance()
        case .client, .startTLS, .startCompression:
            // The server waits for the client: nothing can arrive.
            break
        }
        // Wait out the time as a socket would, so a caller's polling loop keeps its pace.
        Thread.sleep(forTimeInterval: max(0, timeout))
        return false
    }

    private func checkOpen() throws {
        if isClosed { throw TransportError.closed }
    }

    /// A silence ends when the client reads on (or writes): the server's next step follows.
    private func skipQuiet() {
        while index < steps.count, steps[index] == .quiet { advance() }
    }

    private func advance() {
        index += 1
        serverOffset = 0
    }

    /// Consumes written bytes against the client steps that are due.
    private func matchWritten() throws {
        while index < steps.count, !written.isEmpty {
            if steps[index] == .quiet {
                advance()
                continue
            }
            guard case let .client(expected) = steps[index] else { return }
            let count = min(expected.count, written.count)
            guard Array(written[0..<count]) == Array(expected[0..<count]) else {
                throw TransportError.scriptMismatch("expected the client to send \(Self.show(expected)), got \(Self.show(Array(written.prefix(expected.count))))")
            }
            guard written.count >= expected.count else { return }
            written.removeFirst(expected.count)
            advance()
        }
    }

    static func show(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return "\"" + text.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
