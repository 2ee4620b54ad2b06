/// One element of a sequence set: a number or a range `a:b`; `*` is `SequenceRange.star`.
///
/// The bounds are kept as the server or caller wrote them (`5:2` stays `5:2`);
/// `lowerBound`/`upperBound` give them in order.
public struct SequenceRange: Sendable, Hashable, CustomStringConvertible {
    /// The value that stands for `*`: the largest number in use.
    public static let star = UInt32.max

    public var first: UInt32
    public var last: UInt32

    public init(_ first: UInt32, _ last: UInt32) {
        self.first = first
        self.last = last
    }

    public init(_ single: UInt32) {
        self.init(single, single)
    }

    public var lowerBound: UInt32 { min(first, last) }
    public var upperBound: UInt32 { max(first, last) }

    public func contains(_ value: UInt32) -> Bool {
        lowerBound <= value && value <= upperBound
    }

    public var description: String {
        func show(_ value: UInt32) -> String { value == Self.star ? "*" : String(value) }
        return first == last ? show(first) : show(first) + ":" + show(last)
    }
}
