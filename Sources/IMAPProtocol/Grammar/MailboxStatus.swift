/// The values of a STATUS answer (RFC 9051 §7.3.2); an item the server did not send is nil.
public struct MailboxStatus: Sendable, Hashable {
    public var messages: Int?
    public var recent: Int?
    public var uidNext: UInt32?
    public var uidValidity: UIDValidity?
    public var unseen: Int?
    public var deleted: Int?
    /// SIZE (RFC 8438 STATUS=SIZE).
    public var size: UInt64?
    /// HIGHESTMODSEQ (RFC 7162).
    public var highestModSeq: UInt64?
    /// APPENDLIMIT (RFC 7889); `.some(nil)` when the server said NIL (no limit).
    public var appendLimit: UInt64??
    /// Items Merle does not know, by upper-cased name.
    public var other: [String: IMAPValue]

    public init(messages: Int? = nil, recent: Int? = nil, uidNext: UInt32? = nil, uidValidity: UIDValidity? = nil,
                unseen: Int? = nil, deleted: Int? = nil, size: UInt64? = nil, highestModSeq: UInt64? = nil,
                appendLimit: UInt64?? = nil, other: [String: IMAPValue] = [:]) {
        self.messages = messages
        self.recent = recent
        self.uidNext = uidNext
        self.uidValidity = uidValidity
        self.unseen = unseen
        self.deleted = deleted
        self.size = size
        self.highestModSeq = highestModSeq
        self.appendLimit = appendLimit
        self.other = other
    }
}
