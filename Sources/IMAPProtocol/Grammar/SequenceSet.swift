/// A set of message sequence numbers or UIDs (RFC 9051 `sequence-set`): `1:4,7,9:*`.
///
/// Parsing is strict about shape: an empty set, a zero, a missing number or a set
/// ending with a comma (the input that crashed Dovecot's client code,
/// CVE-2021-32055) is an error, never a crash.
public struct SequenceSet: Sendable, Hashable, CustomStringConvertible {
    public var ranges: [SequenceRange]

    public init(_ ranges: [SequenceRange]) {
        self.ranges = ranges
    }

    /// A set of single numbers, merged into ranges where they are consecutive.
    public init(_ values: some Sequence<UInt32>) {
        var ranges: [SequenceRange] = []
        for value in values.sorted() {
            if let last = ranges.last, last.last != SequenceRange.star, last.last &+ 1 == value {
                ranges[ranges.count - 1].last = value
            } else if ranges.last?.last != value {
                ranges.append(SequenceRange(value))
            }
        }
        self.ranges = ranges
    }

    /// `1:*`: every message.
    public static let all = SequenceSet([SequenceRange(1, SequenceRange.star)])

    /// Parses `1:4,7,9:*`; throws `IMAPProtocolError.malformed` on anything else.
    public init(parsing text: String) throws {
        var buffer = ParseBuffer(Array(text.utf8))
        self = try buffer.parseSequenceSet()
        guard buffer.isAtEnd else {
            throw buffer.error(expected: "the end of the sequence set")
        }
    }

    public func contains(_ value: UInt32) -> Bool {
        ranges.contains { $0.contains(value) }
    }

    /// How many numbers the set holds; ranges up to `*` count up to `UInt32.max`.
    public var count: Int {
        ranges.reduce(0) { $0 + Int($1.upperBound - $1.lowerBound) + 1 }
    }

    /// The numbers in the set, in the order written. Stops after `limit` values so a
    /// hostile `1:4294967295` cannot exhaust memory.
    public func values(limit: Int = 1_000_000) -> [UInt32] {
        var result: [UInt32] = []
        for range in ranges {
            var value = range.first
            while true {
                guard result.count < limit else { return result }
                result.append(value)
                if value == range.last { break }
                value = range.first <= range.last ? value + 1 : value - 1
            }
        }
        return result
    }

    public var description: String {
        ranges.map(\.description).joined(separator: ",")
    }
}
