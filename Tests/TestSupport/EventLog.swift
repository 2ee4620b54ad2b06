import Foundation

/// Events another thread reports (an engine, a watcher), collected for a test to wait on.
public final class EventLog<Event: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [Event] = []

    public init() {}

    public func append(_ event: Event) { lock.withLock { events.append(event) } }
    public var all: [Event] { lock.withLock { events } }

    /// Waits until `predicate` holds for some event (at most `timeout` seconds).
    public func wait(timeout: TimeInterval = 20, for predicate: (Event) -> Bool) -> Bool {
        waitUntil(timeout: timeout) { all.contains(where: predicate) }
    }
}
