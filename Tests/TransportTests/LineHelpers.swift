import Transport

extension Connection {
    /// Reads one line as text without its line ending.
    func line() throws -> String {
        guard var bytes = try readLine(maxLength: 64 * 1024) else { return "" }
        // Work on bytes: Swift treats "\r\n" as one Character.
        while bytes.last == 0x0A || bytes.last == 0x0D { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    func send(_ text: String) throws {
        try write(Array((text + "\r\n").utf8))
    }

    /// Reads lines until one starts with `prefix`; returns all of them.
    func lines(until prefix: String) throws -> [String] {
        var result: [String] = []
        while true {
            let next = try line()
            result.append(next)
            if next.hasPrefix(prefix) || next.isEmpty { return result }
        }
    }
}
