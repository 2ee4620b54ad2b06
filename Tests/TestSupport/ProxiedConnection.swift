import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One client connection through a `FaultProxy`: a pump thread per direction copies
/// bytes and applies the connection's fault when its direction reaches the offset.
///
/// The sockets are closed only when both pumps have finished, so no thread ever uses a
/// descriptor number the kernel may already have handed to someone else.
final class ProxiedConnection: @unchecked Sendable {
    private enum Ending { case drop, reset }

    private let number: Int
    private let client: Int32
    private var upstream: Int32 = -1
    private let fault: Fault
    private let proxy: FaultProxy
    private let finished: @Sendable () -> Void
    private let lock = NSLock()
    private var ending: Ending?
    private var running = 0
    private var done: Set<Direction> = []

    init(number: Int, client: Int32, fault: Fault, proxy: FaultProxy, finished: @escaping @Sendable () -> Void) {
        self.number = number
        self.client = client
        self.fault = fault
        self.proxy = proxy
        self.finished = finished
    }

    func start() {
        ProxySockets.prepare(client)
        if fault == .silentAccept {
            proxy.noteInjected(connection: number, fault)
            running = 1
            Thread.detachNewThread { [self] in swallowClient() }
            return
        }
        guard let upstream = ProxySockets.connect(port: proxy.upstreamPort) else {
            // The real server is down: the client sees its connection closed.
            Glibc.close(client)
            finished()
            return
        }
        ProxySockets.prepare(upstream)
        self.upstream = upstream
        running = 2
        Thread.detachNewThread { [self] in pump(.toServer) }
        Thread.detachNewThread { [self] in pump(.toClient) }
    }

    private var isEnding: Bool { proxy.isStopped || lock.withLock { ending != nil } }

    /// Copies `direction` until end of stream or teardown, applying the fault on the way.
    private func pump(_ direction: Direction) {
        defer { pumpFinished(direction) }
        let (source, destination) = direction == .toServer ? (client, upstream) : (upstream, client)
        let target = fault.position.flatMap { $0.direction == direction ? $0.offset : nil }
        var received = 0
        var triggered = false
        let corrupting = if case .corrupt = fault { true } else { false }
        var discarding = false
        var rate: Double?
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !shouldStop(direction, discarding: discarding) {
            guard ProxySockets.ready(source, events: Int32(POLLIN)) else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(source, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                end(.drop)
                return
            }
            if count == 0 {
                shutdown(destination, Int32(SHUT_WR))
                return
            }
            var chunk = Array(buffer[0..<count])
            let start = received
            received += count
            proxy.record(connection: number, direction, end: received)
            if discarding { continue }
            if let rate {
                guard trickle(chunk[...], to: destination, rate: rate) else { return }
                continue
            }
            // A corrupted byte must lie inside the chunk; the other faults also fire when
            // the chunk ends exactly at the offset (the client then waits for a reply).
            guard !triggered, let target, target >= start, target < received || (target == received && !corrupting) else {
                guard send(chunk[...], to: destination) else { return }
                continue
            }
            triggered = true
            if corrupting {
                chunk[target - start] ^= 0xFF
                proxy.noteInjected(connection: number, fault)
                guard send(chunk[...], to: destination) else { return }
                continue
            }
            let cut = target - start
            guard send(chunk[..<cut], to: destination) else { return }
            proxy.noteInjected(connection: number, fault)
            switch fault {
            case .drop:
                end(.drop)
                return
            case .reset:
                end(.reset)
                return
            case .stall:
                discarding = true
            case .truncate:
                shutdown(destination, Int32(SHUT_WR))
                discarding = true
            case let .delay(_, _, seconds):
                let until = Date().addingTimeInterval(seconds)
                while Date() < until, !isEnding { usleep(UInt32(ProxySockets.slice) * 1000) }
                guard send(chunk[cut...], to: destination) else { return }
            case let .trickle(_, _, bytesPerSecond):
                rate = bytesPerSecond
                guard trickle(chunk[cut...], to: destination, rate: bytesPerSecond) else { return }
            case .pass, .corrupt, .silentAccept:
                guard send(chunk[cut...], to: destination) else { return }
            }
        }
    }

    /// Accepts and throws away what the client sends; never answers.
    private func swallowClient() {
        defer { pumpFinished(.toServer) }
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while !isEnding {
            guard ProxySockets.ready(client, events: Int32(POLLIN)) else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if count == 0 || (count < 0 && errno != EAGAIN && errno != EINTR) { return }
        }
    }

    /// Sends at most `rate` bytes a second, in pieces of a twentieth of a second's worth.
    private func trickle(_ bytes: ArraySlice<UInt8>, to destination: Int32, rate: Double) -> Bool {
        let piece = max(1, Int(rate / 20))
        var rest = bytes
        while !rest.isEmpty {
            guard !isEnding else { return false }
            let next = rest.prefix(piece)
            guard send(next, to: destination) else { return false }
            rest = rest.dropFirst(next.count)
            usleep(UInt32(min(Double(next.count) / rate, 5) * 1_000_000))
        }
        return true
    }

    private func send(_ bytes: ArraySlice<UInt8>, to destination: Int32) -> Bool {
        bytes.isEmpty || ProxySockets.send(bytes, to: destination) { isEnding }
    }

    /// A stalled or truncated direction keeps reading (so end of stream is noticed) until
    /// the other direction is over: then nobody is left to wait for it.
    private func shouldStop(_ direction: Direction, discarding: Bool) -> Bool {
        if isEnding { return true }
        guard discarding else { return false }
        return lock.withLock { done.contains(direction == .toServer ? .toClient : .toServer) }
    }

    /// Ends the whole connection. A drop sends a FIN each way now; a reset leaves the
    /// client's socket alone so that the close with SO_LINGER 0 sends an RST, not a FIN.
    private func end(_ kind: Ending) {
        lock.withLock { if ending == nil { ending = kind } }
        shutdown(upstream, Int32(SHUT_RDWR))
        if kind == .drop { shutdown(client, Int32(SHUT_RDWR)) }
    }

    private func pumpFinished(_ direction: Direction) {
        let last = lock.withLock { () -> Bool in
            done.insert(direction)
            running -= 1
            return running == 0
        }
        guard last else { return }
        if lock.withLock({ ending }) == .reset { ProxySockets.lingerZero(client) }
        Glibc.close(client)
        if upstream >= 0 { Glibc.close(upstream) }
        finished()
    }
}
