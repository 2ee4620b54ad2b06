import Foundation

/// Lines a server thread saw, read by the test afterwards.
public final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    public init() {}

    public func append(_ line: String) {
        lock.withLock { lines.append(line) }
    }

    public var all: [String] { lock.withLock { lines } }
}
