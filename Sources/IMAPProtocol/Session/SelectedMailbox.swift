/// What SELECT or EXAMINE reported about the opened mailbox (RFC 9051 §6.3.2, RFC 7162).
public struct SelectedMailbox: Sendable, Hashable {
    public var name: MailboxName
    public var readOnly: Bool
    public var flags: [Flag] = []
    public var permanentFlags: [Flag] = []
    public var exists: Int = 0
    public var recent: Int = 0
    public var uidValidity: UIDValidity?
    public var uidNext: UInt32?
    public var unseen: UInt32?
    /// RFC 7162; nil with NOMODSEQ or without CONDSTORE.
    public var highestModSeq: UInt64?
    public var noModSeq = false
    /// QRESYNC: UIDs expunged since the known state (VANISHED (EARLIER)).
    public var vanished: [SequenceSet] = []
    /// QRESYNC: messages changed since the known state.
    public var changes: [FetchResponse] = []

    public init(name: MailboxName, readOnly: Bool) {
        self.name = name
        self.readOnly = readOnly
    }

    /// Folds in the untagged data of the SELECT.
    mutating func apply(_ response: UntaggedResponse) {
        switch response {
        case let .flags(flags): self.flags = flags
        case let .exists(count): exists = count
        case let .recent(count): recent = count
        case let .vanished(set, _): vanished.append(set)
        case let .fetch(number, attributes): changes.append(FetchResponse(sequenceNumber: number, attributes: attributes))
        case let .condition(_, text):
            switch text.code {
            case let .permanentFlags(flags)?: permanentFlags = flags
            case let .uidValidity(value)?: uidValidity = value
            case let .uidNext(value)?: uidNext = value
            case let .unseen(value)?: unseen = value
            case let .highestModSeq(value)?: highestModSeq = value
            case .noModSeq?: noModSeq = true
            default: break
            }
        default: break
        }
    }
}
