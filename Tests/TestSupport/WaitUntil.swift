import Foundation

/// Polls `condition` every 20 ms until it holds or `timeout` seconds pass; whether it held.
/// For tests that wait on another thread's work (an engine, a watcher).
public func waitUntil(timeout: TimeInterval = 20, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return false
}
