import Foundation
import Testing
@testable import SyncEngine

@Suite struct BoundedQueueTests {
    struct Boom: Error {}

    @Test func deliversInOrderWithBackPressureThenTheError() throws {
        let queue = BoundedQueue<Int>(capacity: 2)
        Thread.detachNewThread {
            for value in 0..<100 { queue.push(value) }
            queue.finish(error: Boom())
        }
        var got: [Int] = []
        #expect(throws: Boom.self) {
            while let value = try queue.pop() { got.append(value) }
        }
        #expect(got == Array(0..<100))
    }

    @Test func cancellingStopsTheProducer() {
        let queue = BoundedQueue<Int>(capacity: 1)
        let stopped = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var pushed = 0
            while queue.push(pushed) { pushed += 1 }
            stopped.signal()
        }
        _ = try? queue.pop()
        queue.cancel()
        #expect(stopped.wait(timeout: .now() + 5) == .success)
    }
}
