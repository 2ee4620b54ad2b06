/// Data the server sends with `*` (RFC 9051 §7): status, capabilities, mailbox and
/// message data. Unknown kinds are kept generic rather than rejected.
public enum UntaggedResponse: Sendable, Hashable {
    /// `* OK/NO/BAD/PREAUTH/BYE [code] text`.
    case condition(UntaggedStatus, ResponseText)
    case capability([Capability])
    /// RFC 5161.
    case enabled([Capability])
    case flags([Flag])
    case list(MailboxInfo)
    case lsub(MailboxInfo)
    case status(MailboxName, MailboxStatus)
    /// SEARCH (or SORT) numbers, with the MODSEQ of RFC 7162 when present.
    case search([UInt32], modSeq: UInt64?)
    case esearch(ESearchResponse)
    case exists(Int)
    case recent(Int)
    case expunge(UInt32)
    /// RFC 7162 QRESYNC: UIDs gone; `earlier` when they went before this command.
    case vanished(SequenceSet, earlier: Bool)
    case fetch(UInt32, [FetchAttribute])
    /// RFC 2971 ID: nil when the server said NIL.
    case id([IDField]?)
    /// NAMESPACE, QUOTA, QUOTAROOT, METADATA, ACL, THREAD, SORT … and unknown
    /// responses: the keyword (upper-cased), a leading number if any, the values.
    case other(keyword: String, number: UInt32?, values: [IMAPValue])
}
