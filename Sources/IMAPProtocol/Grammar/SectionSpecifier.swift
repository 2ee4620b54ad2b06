/// A BODY[…] / BINARY[…] section (RFC 9051 §6.4.5 `section-spec`): a part path such
/// as `1.2` and what of it.
public struct SectionSpecifier: Sendable, Hashable, CustomStringConvertible {
    /// What of the part is meant.
    public enum Kind: Sendable, Hashable {
        /// The whole part (or the whole message when `part` is empty).
        case complete
        case header
        case headerFields([String])
        case headerFieldsNot([String])
        case text
        case mime
    }

    public var part: [Int]
    public var kind: Kind

    public init(part: [Int] = [], kind: Kind = .complete) {
        self.part = part
        self.kind = kind
    }

    /// `BODY[]`: the whole message.
    public static let complete = SectionSpecifier()
    public static let header = SectionSpecifier(kind: .header)
    public static let text = SectionSpecifier(kind: .text)

    public var description: String {
        var pieces = part.map(String.init)
        switch kind {
        case .complete: break
        case .header: pieces.append("HEADER")
        case let .headerFields(fields): pieces.append("HEADER.FIELDS (" + fields.joined(separator: " ") + ")")
        case let .headerFieldsNot(fields): pieces.append("HEADER.FIELDS.NOT (" + fields.joined(separator: " ") + ")")
        case .text: pieces.append("TEXT")
        case .mime: pieces.append("MIME")
        }
        return pieces.joined(separator: ".")
    }
}

extension SectionSpecifier {
    // section-spec, as sent in BODY[…] and BODY.PEEK[…]
    func encode(into writer: inout CommandWriter) throws {
        var pieces = part.map(String.init)
        switch kind {
        case .complete: break
        case .header: pieces.append("HEADER")
        case .text: pieces.append("TEXT")
        case .mime: pieces.append("MIME")
        case .headerFields: pieces.append("HEADER.FIELDS")
        case .headerFieldsNot: pieces.append("HEADER.FIELDS.NOT")
        }
        writer.append(pieces.joined(separator: "."))
        switch kind {
        case let .headerFields(fields), let .headerFieldsNot(fields):
            writer.append(" (")
            for (index, field) in fields.enumerated() {
                if index > 0 { writer.append(" ") }
                try writer.appendAString(Array(field.utf8))
            }
            writer.append(")")
        default: break
        }
    }
}
