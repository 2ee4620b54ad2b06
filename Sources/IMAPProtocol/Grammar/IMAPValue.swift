/// A response value kept in generic form: for extensions Merle does not interpret
/// (NAMESPACE, QUOTA, METADATA, ACL, THREAD, X-GM-*, extension data) so that an
/// unknown shape is carried along instead of failing the whole response.
public indirect enum IMAPValue: Sendable, Hashable, CustomStringConvertible {
    /// An atom or number, as written.
    case atom(String)
    /// A quoted string or a literal, as bytes.
    case string([UInt8])
    case `nil`
    /// A parenthesised list.
    case list([IMAPValue])

    /// The value as text when it is an atom or a string.
    public var text: String? {
        switch self {
        case let .atom(text): return text
        case let .string(bytes): return String(decoding: bytes, as: UTF8.self)
        case .nil, .list: return nil
        }
    }

    public var description: String {
        switch self {
        case let .atom(text): return text
        case let .string(bytes):
            var escaped: [UInt8] = [0x22]
            for byte in bytes {
                if byte == 0x22 || byte == 0x5C { escaped.append(0x5C) }
                escaped.append(byte)
            }
            escaped.append(0x22)
            return String(decoding: escaped, as: UTF8.self)
        case .nil: return "NIL"
        case let .list(values): return "(" + values.map(\.description).joined(separator: " ") + ")"
        }
    }
}
