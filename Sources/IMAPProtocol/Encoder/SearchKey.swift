/// A SEARCH criterion (RFC 9051 §6.4.4 `search-key`). Several keys in a list are ANDed.
public indirect enum SearchKey: Sendable, Hashable {
    case all
    case answered, deleted, draft, flagged, seen
    case unanswered, undeleted, undraft, unflagged, unseen
    case keyword(Flag)
    case unkeyword(Flag)
    /// Dates compare the internal date, by day: `1-Feb-1994`.
    case before(day: Int, month: Int, year: Int)
    case on(day: Int, month: Int, year: Int)
    case since(day: Int, month: Int, year: Int)
    case sentBefore(day: Int, month: Int, year: Int)
    case sentSince(day: Int, month: Int, year: Int)
    case from(String), to(String), cc(String), bcc(String), subject(String), body(String), text(String)
    case header(String, String)
    case larger(Int)
    case smaller(Int)
    case uid(SequenceSet)
    case sequence(SequenceSet)
    /// RFC 7162: messages whose mod-sequence is at least this.
    case modSeq(UInt64)
    case not(SearchKey)
    case or(SearchKey, SearchKey)
    case and([SearchKey])

    /// Whether the key holds text (then the command says CHARSET UTF-8 if it is not ASCII).
    var hasNonASCIIText: Bool {
        switch self {
        case let .from(text), let .to(text), let .cc(text), let .bcc(text), let .subject(text), let .body(text), let .text(text):
            return text.utf8.contains { $0 >= 0x80 }
        case let .header(name, value): return (name + value).utf8.contains { $0 >= 0x80 }
        case let .not(key): return key.hasNonASCIIText
        case let .or(left, right): return left.hasNonASCIIText || right.hasNonASCIIText
        case let .and(keys): return keys.contains { $0.hasNonASCIIText }
        default: return false
        }
    }

    func encode(into writer: inout CommandWriter) throws {
        func date(_ name: String, _ day: Int, _ month: Int, _ year: Int) {
            writer.append("\(name) \(day)-\(InternalDate.monthNames[max(0, min(11, month - 1))])-\(year)")
        }
        func text(_ name: String, _ value: String) throws {
            writer.append(name + " ")
            try writer.appendAString(Array(value.utf8))
        }
        switch self {
        case .all: writer.append("ALL")
        case .answered: writer.append("ANSWERED")
        case .deleted: writer.append("DELETED")
        case .draft: writer.append("DRAFT")
        case .flagged: writer.append("FLAGGED")
        case .seen: writer.append("SEEN")
        case .unanswered: writer.append("UNANSWERED")
        case .undeleted: writer.append("UNDELETED")
        case .undraft: writer.append("UNDRAFT")
        case .unflagged: writer.append("UNFLAGGED")
        case .unseen: writer.append("UNSEEN")
        case let .keyword(flag):
            writer.append("KEYWORD ")
            try writer.appendAtom(flag.rawValue)
        case let .unkeyword(flag):
            writer.append("UNKEYWORD ")
            try writer.appendAtom(flag.rawValue)
        case let .before(day, month, year): date("BEFORE", day, month, year)
        case let .on(day, month, year): date("ON", day, month, year)
        case let .since(day, month, year): date("SINCE", day, month, year)
        case let .sentBefore(day, month, year): date("SENTBEFORE", day, month, year)
        case let .sentSince(day, month, year): date("SENTSINCE", day, month, year)
        case let .from(value): try text("FROM", value)
        case let .to(value): try text("TO", value)
        case let .cc(value): try text("CC", value)
        case let .bcc(value): try text("BCC", value)
        case let .subject(value): try text("SUBJECT", value)
        case let .body(value): try text("BODY", value)
        case let .text(value): try text("TEXT", value)
        case let .header(name, value):
            writer.append("HEADER ")
            try writer.appendAString(Array(name.utf8))
            writer.append(" ")
            try writer.appendAString(Array(value.utf8))
        case let .larger(size): writer.append("LARGER \(size)")
        case let .smaller(size): writer.append("SMALLER \(size)")
        case let .uid(set): writer.append("UID \(set)")
        case let .sequence(set): writer.append(set.description)
        case let .modSeq(value): writer.append("MODSEQ \(value)")
        case let .not(key):
            writer.append("NOT ")
            try key.encode(into: &writer)
        case let .or(left, right):
            writer.append("OR ")
            try left.encode(into: &writer)
            writer.append(" ")
            try right.encode(into: &writer)
        case let .and(keys):
            writer.append("(")
            for (index, key) in keys.enumerated() {
                if index > 0 { writer.append(" ") }
                try key.encode(into: &writer)
            }
            writer.append(")")
        }
    }
}
