/// One item of a FETCH answer (RFC 9051 §7.5.2 `msg-att`).
public enum FetchAttribute: Sendable, Hashable {
    case uid(UInt32)
    case flags([Flag])
    /// MODSEQ (RFC 7162).
    case modSeq(UInt64)
    /// INTERNALDATE as sent; `InternalDate(text)` parses it.
    case internalDate(String)
    case rfc822Size(Int)
    case envelope(Envelope)
    /// BODYSTRUCTURE (`extensible` true) or BODY without a section (false).
    case bodyStructure(BodyStructure, extensible: Bool)
    /// BODY[section]<origin>: the bytes, nil when the server sent NIL.
    case bodySection(SectionSpecifier, origin: Int?, data: [UInt8]?)
    /// BINARY[part]<origin> (RFC 3516).
    case binary(part: [Int], origin: Int?, data: [UInt8]?)
    /// BINARY.SIZE[part] (RFC 3516).
    case binarySize(part: [Int], size: Int)
    /// RFC822, RFC822.HEADER, RFC822.TEXT (the old names for BODY[], BODY[HEADER], BODY[TEXT]).
    case rfc822([UInt8]?)
    case rfc822Header([UInt8]?)
    case rfc822Text([UInt8]?)
    /// An item Merle does not interpret (X-GM-MSGID, X-GM-LABELS, PREVIEW, SAVEDATE,
    /// EMAILID, ANNOTATION …), upper-cased name and generic value.
    case other(name: String, value: IMAPValue)
}
