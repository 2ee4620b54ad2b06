import Foundation

/// `transform` over `items` on all cores (parsing a batch of messages, extracting the
/// text to index), results in order.
public func concurrentMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
    guard items.count > 1 else { return items.map(transform) }
    let results = ConcurrentResults<R>(count: items.count)
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
        results.set(index, transform(items[index]))
    }
    return results.values
}

/// Slots written by `concurrentMap`'s workers, each index by exactly one of them.
private final class ConcurrentResults<R: Sendable>: @unchecked Sendable {
    private var slots: [R?]
    private let lock = NSLock()

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: R) {
        lock.withLock { slots[index] = value }
    }

    var values: [R] { lock.withLock { slots.map { $0! } } }
}
