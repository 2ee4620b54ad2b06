/// What a FETCH asks for (RFC 9051 §6.4.5 `fetch-att`).
public enum FetchItem: Sendable, Hashable {
    case uid
    case flags
    case internalDate
    case rfc822Size
    case envelope
    case bodyStructure
    /// RFC 7162.
    case modSeq
    /// BODY[section]<offset.length> or BODY.PEEK[…] (`peek` leaves \Seen alone).
    case bodySection(SectionSpecifier, peek: Bool = true, partial: ClosedRange<Int>? = nil)
    /// BINARY[part] / BINARY.PEEK[part] (RFC 3516).
    case binary(part: [Int], peek: Bool = true)
    case binarySize(part: [Int])
    /// Anything else, written as given (an atom such as `X-GM-LABELS`); it must be a
    /// valid fetch attribute: it is checked to hold only atom characters.
    case other(String)

    /// FAST, ALL and FULL macros expanded: the items a header listing needs.
    public static let headers: [FetchItem] = [.uid, .flags, .internalDate, .rfc822Size, .envelope]

    func encode(into writer: inout CommandWriter) throws {
        switch self {
        case .uid: writer.append("UID")
        case .flags: writer.append("FLAGS")
        case .internalDate: writer.append("INTERNALDATE")
        case .rfc822Size: writer.append("RFC822.SIZE")
        case .envelope: writer.append("ENVELOPE")
        case .bodyStructure: writer.append("BODYSTRUCTURE")
        case .modSeq: writer.append("MODSEQ")
        case let .bodySection(section, peek, partial):
            writer.append(peek ? "BODY.PEEK[" : "BODY[")
            try section.encode(into: &writer)
            writer.append("]")
            if let partial {
                writer.append("<\(partial.lowerBound).\(partial.count)>")
            }
        case let .binary(part, peek):
            writer.append((peek ? "BINARY.PEEK[" : "BINARY[") + part.map(String.init).joined(separator: ".") + "]")
        case let .binarySize(part):
            writer.append("BINARY.SIZE[" + part.map(String.init).joined(separator: ".") + "]")
        case let .other(name):
            try writer.appendAtom(name)
        }
    }
}
