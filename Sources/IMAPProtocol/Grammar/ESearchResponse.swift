/// An ESEARCH answer (RFC 4731, RFC 9051 §7.3.4).
public struct ESearchResponse: Sendable, Hashable {
    /// The tag of the command it answers (the `(TAG "A1")` correlator), if given.
    public var correlator: String?
    /// Whether the numbers are UIDs.
    public var uid: Bool
    public var min: UInt32?
    public var max: UInt32?
    public var count: Int?
    public var all: SequenceSet?
    /// MODSEQ (RFC 7162).
    public var modSeq: UInt64?
    /// Items Merle does not interpret (PARTIAL, RELEVANCY …), by upper-cased name.
    public var other: [String: IMAPValue]

    public init(correlator: String? = nil, uid: Bool = false, min: UInt32? = nil, max: UInt32? = nil, count: Int? = nil,
                all: SequenceSet? = nil, modSeq: UInt64? = nil, other: [String: IMAPValue] = [:]) {
        self.correlator = correlator
        self.uid = uid
        self.min = min
        self.max = max
        self.count = count
        self.all = all
        self.modSeq = modSeq
        self.other = other
    }
}
