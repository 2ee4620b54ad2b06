/// A parameter of SELECT/EXAMINE (RFC 7162 CONDSTORE and QRESYNC).
public enum SelectParameter: Sendable, Hashable {
    case condStore
    /// QRESYNC (uidvalidity modseq [known-uids]): the state the client remembers.
    case qresync(uidValidity: UIDValidity, modSeq: UInt64, knownUIDs: SequenceSet? = nil)
}
