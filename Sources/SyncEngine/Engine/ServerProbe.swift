import Foundation
import Transport

/// Knocks on a server that did not answer, once per `interval` with a TCP connect and
/// nothing more (no TLS, no login), and says the moment it answers: the engine then
/// syncs (or sends) at once instead of waiting out its backoff. One thread; it ends
/// after the answer or when stopped.
final class ServerProbe: @unchecked Sendable {
    let endpoint: Endpoint
    private let interval: TimeInterval
    private let answered: @Sendable () -> Void
    private let condition = NSCondition()
    private var stopped = false

    init(endpoint: Endpoint, interval: TimeInterval, answered: @escaping @Sendable () -> Void) {
        self.endpoint = endpoint
        self.interval = interval
        self.answered = answered
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "merle-probe"
        thread.start()
    }

    /// Ends the probing; no answer is reported after this returns.
    func stop() {
        condition.withLock {
            stopped = true
            condition.broadcast()
        }
    }

    private var isStopped: Bool { condition.withLock { stopped } }

    private func run() {
        while !isStopped {
            if let connection = try? SocketConnection.connect(to: endpoint, mode: .insecure,
                                                              timeouts: Timeouts(connect: max(interval * 2, 2), io: 2)) {
                connection.close()
                // Said under the lock, so a `stop` that returned is never followed by it.
                condition.withLock { if !stopped { answered() } }
                return
            }
            condition.withLock {
                let until = Date().addingTimeInterval(interval)
                while !stopped, condition.wait(until: until) {}
            }
        }
    }
}
