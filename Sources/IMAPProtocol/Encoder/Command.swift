/// A tagged command Merle sends (RFC 9051 §6 and extensions). `CommandEncoder` writes it.
///
/// User strings (names, passwords, search text) are data: the encoder quotes them or
/// sends them as literals so they can never inject a second command.
public enum Command: Sendable, Hashable {
    case capability
    case noop
    case logout
    case startTLS
    /// LOGIN user password (only over TLS unless the account allows plain text).
    case login(user: String, password: String)
    /// AUTHENTICATE mechanism [initial-response] (RFC 4959 SASL-IR): the response is
    /// raw bytes, base64-encoded by the encoder; nil sends none (the server asks with `+`).
    case authenticate(mechanism: String, initialResponse: [UInt8]?)
    /// RFC 5161.
    case enable([Capability])
    /// RFC 2971: nil sends `ID NIL`.
    case id([IDField]?)
    /// RFC 4978.
    case compressDeflate
    /// LIST [(select options)] reference pattern [RETURN (options)] (RFC 5258).
    case list(reference: MailboxName, pattern: MailboxName, selectOptions: [String] = [], returnOptions: [ListReturnOption] = [])
    case lsub(reference: MailboxName, pattern: MailboxName)
    case status(MailboxName, [StatusAttribute])
    case select(MailboxName, [SelectParameter] = [])
    case examine(MailboxName, [SelectParameter] = [])
    case create(MailboxName)
    case delete(MailboxName)
    case rename(from: MailboxName, to: MailboxName)
    case subscribe(MailboxName)
    case unsubscribe(MailboxName)
    /// APPEND mailbox [flags] [date] literal.
    case append(MailboxName, flags: [Flag] = [], date: InternalDate? = nil, message: [UInt8])
    case fetch(SequenceSet, [FetchItem], changedSince: UInt64? = nil)
    /// UID FETCH set items [(CHANGEDSINCE modseq [VANISHED])] (RFC 7162).
    case uidFetch(SequenceSet, [FetchItem], changedSince: UInt64? = nil, vanished: Bool = false)
    /// UID SEARCH [RETURN (…)] [CHARSET UTF-8] keys.
    case uidSearch([SearchKey], returnOptions: [String] = [])
    /// UID STORE set [(UNCHANGEDSINCE modseq)] ±FLAGS[.SILENT] (flags).
    case uidStore(SequenceSet, StoreOperation, unchangedSince: UInt64? = nil)
    case uidCopy(SequenceSet, MailboxName)
    /// RFC 6851.
    case uidMove(SequenceSet, MailboxName)
    /// RFC 4315 UIDPLUS.
    case uidExpunge(SequenceSet)
    case expunge
    case close
    /// RFC 3691.
    case unselect
    /// RFC 2177: ends with `DONE` (`CommandEncoder.idleDone`).
    case idle

    /// The command's name, for messages (never its arguments: they may hold a password).
    public var name: String {
        switch self {
        case .capability: return "CAPABILITY"
        case .noop: return "NOOP"
        case .logout: return "LOGOUT"
        case .startTLS: return "STARTTLS"
        case .login: return "LOGIN"
        case let .authenticate(mechanism, _): return "AUTHENTICATE \(mechanism)"
        case .enable: return "ENABLE"
        case .id: return "ID"
        case .compressDeflate: return "COMPRESS DEFLATE"
        case .list: return "LIST"
        case .lsub: return "LSUB"
        case .status: return "STATUS"
        case .select: return "SELECT"
        case .examine: return "EXAMINE"
        case .create: return "CREATE"
        case .delete: return "DELETE"
        case .rename: return "RENAME"
        case .subscribe: return "SUBSCRIBE"
        case .unsubscribe: return "UNSUBSCRIBE"
        case .append: return "APPEND"
        case .fetch: return "FETCH"
        case .uidFetch: return "UID FETCH"
        case .uidSearch: return "UID SEARCH"
        case .uidStore: return "UID STORE"
        case .uidCopy: return "UID COPY"
        case .uidMove: return "UID MOVE"
        case .uidExpunge: return "UID EXPUNGE"
        case .expunge: return "EXPUNGE"
        case .close: return "CLOSE"
        case .unselect: return "UNSELECT"
        case .idle: return "IDLE"
        }
    }
}
