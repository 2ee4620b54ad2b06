import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP proxy on 127.0.0.1 that forwards to a real server's port and breaks
/// connections on purpose, by a scripted plan: each accepted connection takes the next
/// queued `Fault` (or passes untouched when the queue is empty).
///
/// It sees only the wire, so with TLS a corrupted byte breaks a record's integrity
/// check and offsets count TLS records; in the plain-text part of a STARTTLS session
/// (greeting, capabilities) a corrupted byte reaches the protocol parser itself.
///
/// Threading: one accept thread and two pump threads per connection; the public API
/// may be called from any thread. The threads hold the proxy until `stop()`, so a test
/// stops it (in a `defer`).
public final class FaultProxy: @unchecked Sendable {
    /// The port clients connect to.
    public let port: UInt16
    /// The real server's port on 127.0.0.1.
    public let upstreamPort: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var queue: [Fault] = []
    private var stopped = false
    private var injected: [String] = []
    private var transcripts: [[TranscriptEntry]] = []
    private let acceptFinished = DispatchSemaphore(value: 0)
    private let connectionsFinished = DispatchGroup()

    /// Starts listening (on `port`, or on a free port when nil); connections are accepted
    /// until `stop()`. A proxy stopped and another started on its port stand for a
    /// server that went away and came back.
    public init(upstreamPort: UInt16, port: UInt16? = nil) throws {
        (listener, self.port) = try ProxySockets.listen(port: port ?? 0)
        self.upstreamPort = upstreamPort
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Queues faults for the next connections, in order.
    public func enqueue(_ faults: Fault...) {
        lock.withLock { queue.append(contentsOf: faults) }
    }

    /// Forgets queued faults no connection took (an attempt that never connected).
    public func discardQueued() {
        lock.withLock { queue.removeAll() }
    }

    /// How many faults took effect (a fault whose offset the stream never reached did not).
    public var faultsInjected: Int { lock.withLock { injected.count } }

    /// What took effect, in order, e.g. "connection 3: reset toward the client at byte 4096".
    public var injectedFaults: [String] { lock.withLock { injected } }

    /// Connections accepted so far.
    public var connections: Int { lock.withLock { transcripts.count } }

    /// The chunks connection `index` (0-based) carried, in the order the proxy received them.
    public func transcript(ofConnection index: Int) -> [TranscriptEntry] {
        lock.withLock { transcripts.indices.contains(index) ? transcripts[index] : [] }
    }

    /// Stops accepting, ends every open connection and waits (bounded) for the threads.
    public func stop() {
        let first = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        _ = acceptFinished.wait(timeout: .now() + 2)
        Glibc.close(listener)
        _ = connectionsFinished.wait(timeout: .now() + 2)
    }

    // MARK: - For the connections

    var isStopped: Bool { lock.withLock { stopped } }

    func record(connection: Int, _ direction: Direction, end: Int) {
        lock.withLock { transcripts[connection].append(TranscriptEntry(direction: direction, end: end)) }
    }

    func noteInjected(connection: Int, _ fault: Fault) {
        lock.withLock { injected.append("connection \(connection): \(fault)") }
    }

    private func acceptLoop() {
        defer { acceptFinished.signal() }
        while !isStopped {
            guard ProxySockets.ready(listener, events: Int32(POLLIN)) else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            let (number, fault) = lock.withLock { () -> (Int, Fault) in
                transcripts.append([])
                return (transcripts.count - 1, queue.isEmpty ? .pass : queue.removeFirst())
            }
            connectionsFinished.enter()
            ProxiedConnection(number: number, client: client, fault: fault, proxy: self) { [connectionsFinished] in
                connectionsFinished.leave()
            }.start()
        }
    }
}

/// One chunk a proxied connection carried: its direction and the direction's byte
/// count once the chunk was received.
public struct TranscriptEntry: Sendable, Equatable {
    public var direction: Direction
    public var end: Int
}
