import Foundation

/// A blocking first-in-first-out queue of bounded size between two threads: a
/// producer that `push`es and then `finish`es (with an error if it failed), and a
/// consumer that `pop`s until nil. Lets network reading and parsing run on one core
/// while the store writes on the other, without holding a whole mailbox in memory.
final class BoundedQueue<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private let capacity: Int
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Adds an item, waiting while the queue is full. Returns false once the consumer
    /// has cancelled, so the producer can stop.
    @discardableResult
    func push(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count - head >= capacity, !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// No more items will come; `error` is what stopped the producer, if anything.
    func finish(error: (any Error)? = nil) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer gives up: the producer's next push returns false.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next item; nil when the producer finished and everything was taken.
    /// Throws the producer's error once the items before it are taken.
    func pop() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count, !finished { condition.wait() }
        if head < items.count {
            let item = items[head]
            head += 1
            if head > 256, head * 2 > items.count {
                items.removeFirst(head)
                head = 0
            }
            condition.broadcast()
            return item
        }
        if let failure { throw failure }
        return nil
    }
}
