import Foundation

/// The mailbox commands of RFC 1939 §5 (TRANSACTION state).
extension POP3Session {
    /// One entry of a UIDL listing.
    public struct UniqueID: Sendable, Equatable {
        public var number: Int
        /// The server's unique id: data, never a path or terminal text.
        public var uid: String

        public init(number: Int, uid: String) {
            self.number = number
            self.uid = uid
        }
    }

    /// `UIDL` (RFC 1939 §7): every message's unique id; nil when the server has no UIDL.
    /// Malformed lines are errors; the listing is bounded by `listingLimit`.
    public func uniqueIDs() throws -> [UniqueID]? {
        let reply = try command("UIDL")
        guard reply.isOK else { return nil }
        return try readListing().map { line in
            // unique-id = 1*70 printable; we accept up to 512 bytes of anything but a
            // space, since real servers break the rule, and treat it as opaque data.
            let parts = line.split(separator: 0x20, maxSplits: 1)
            guard parts.count == 2, let number = Int(String(decoding: parts[0], as: UTF8.self)), number > 0,
                  !parts[1].isEmpty, parts[1].count <= 512 else {
                throw POP3Error.malformedReply("UIDL line \(String(decoding: line.prefix(80), as: UTF8.self))")
            }
            return UniqueID(number: number, uid: String(decoding: parts[1], as: UTF8.self))
        }
    }

    /// `LIST` (RFC 1939 §5): message numbers and sizes.
    public func list() throws -> [(number: Int, size: Int)] {
        let reply = try command("LIST")
        guard reply.isOK else { throw POP3Error.refused(command: "LIST", reply: reply) }
        return try readListing().map { line in
            let parts = line.split(separator: 0x20)
            guard parts.count >= 2, let number = Int(String(decoding: parts[0], as: UTF8.self)),
                  let size = Int(String(decoding: parts[1], as: UTF8.self)) else {
                throw POP3Error.malformedReply("LIST line \(String(decoding: line.prefix(80), as: UTF8.self))")
            }
            return (number, size)
        }
    }

    /// `RETR n`: the whole message, dot-unstuffed, with CRLF line ends.
    public func retrieve(_ number: Int) throws -> [UInt8] {
        try multiLineBytes("RETR \(number)")
    }

    /// Retrieves several messages, in order, handing each to `handler` as it arrives.
    /// With PIPELINING (RFC 2449 §6.6) up to `window` RETR commands are in flight, so
    /// the round trips overlap; without it they go one by one.
    public func retrieve(_ numbers: [Int], window: Int = 16, handler: (Int, [UInt8]) throws -> Void) throws {
        let depth = hasCapability("PIPELINING") ? max(1, window) : 1
        var sent = 0
        for (index, number) in numbers.enumerated() {
            while sent < numbers.count, sent < index + depth {
                try connection.write(Array("RETR \(numbers[sent])\r\n".utf8))
                sent += 1
            }
            let reply = try Self.readReply(connection)
            guard reply.isOK else { throw POP3Error.refused(command: "RETR \(number)", reply: reply) }
            try handler(number, try readContent())
        }
    }

    /// `TOP n lines`: the header and the first `lines` body lines.
    public func top(_ number: Int, lines: Int = 0) throws -> [UInt8] {
        try multiLineBytes("TOP \(number) \(lines)")
    }

    /// `DELE n`: marks a message for deletion at QUIT.
    public func delete(_ number: Int) throws {
        let reply = try command("DELE \(number)")
        guard reply.isOK else { throw POP3Error.refused(command: "DELE \(number)", reply: reply) }
    }

    /// `QUIT` that reports whether the server committed the deletions (UPDATE state).
    public func commitAndQuit() throws {
        let reply = try command("QUIT")
        connection.close()
        guard reply.isOK else { throw POP3Error.refused(command: "QUIT", reply: reply) }
    }

    private func multiLineBytes(_ line: String) throws -> [UInt8] {
        let reply = try command(line)
        guard reply.isOK else { throw POP3Error.refused(command: line, reply: reply) }
        return try readContent()
    }

    /// A dot-terminated message, unstuffed, with CRLF line ends.
    private func readContent() throws -> [UInt8] {
        var bytes: [UInt8] = []
        for line in try readListing(maxLineLength: Self.maxContentLineLength) {
            bytes.append(contentsOf: line)
            bytes.append(contentsOf: [13, 10])
        }
        return bytes
    }
}
