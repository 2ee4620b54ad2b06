import Foundation

/// A value made off the UI thread, waiting for the reader's loop to take it: counts of
/// saved searches, a search's total. The working thread puts, the UI thread takes.
final class Handoff<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value?

    func put(_ value: Value) {
        lock.withLock { self.value = value }
    }

    /// The value waiting, removed; nil when none is.
    func take() -> Value? {
        lock.withLock {
            defer { value = nil }
            return value
        }
    }
}
