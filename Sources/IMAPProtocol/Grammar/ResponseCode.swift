/// The bracketed code of a status response (RFC 9051 §7.1 `resp-text-code`), e.g.
/// `[UIDVALIDITY 3857529045]`. Codes Merle does not know are kept raw.
public enum ResponseCode: Sendable, Hashable {
    case alert
    case badCharset([String])
    case capability([Capability])
    case parse
    case permanentFlags([Flag])
    case readOnly
    case readWrite
    case tryCreate
    case uidNext(UInt32)
    case uidValidity(UIDValidity)
    case unseen(UInt32)
    /// RFC 7162.
    case highestModSeq(UInt64)
    case noModSeq
    case modified(SequenceSet)
    /// RFC 4315 UIDPLUS: the UIDs the appended messages got.
    case appendUID(UIDValidity, SequenceSet)
    /// RFC 4315 UIDPLUS: source UIDs and the UIDs of their copies, in order.
    case copyUID(UIDValidity, source: SequenceSet, destination: SequenceSet)
    case uidNotSticky
    /// RFC 7162: the previous mailbox was closed.
    case closed
    /// RFC 5530 codes.
    case authenticationFailed
    case authorizationFailed
    case unavailable
    case expired
    case privacyRequired
    case contactAdmin
    case noPermission
    case inUse
    case expungeIssued
    case corruption
    case serverBug
    case clientBug
    case cannot
    case limit
    case overQuota
    case alreadyExists
    case nonExistent
    /// Any other code: its upper-cased name and the raw text after it, if any.
    case other(name: String, value: String?)
}
