/// One `name=value` parameter of Content-Type or Content-Disposition, after RFC 2231
/// continuations are joined and the value decoded to text.
public struct MIMEParameter: Sendable, Hashable {
    /// The lower-cased name without RFC 2231 `*N` / `*` suffixes.
    public var name: String
    /// The decoded value.
    public var value: String
    /// The RFC 2231 language tag, if one was given.
    public var language: String?

    public init(name: String, value: String, language: String? = nil) {
        self.name = name
        self.value = value
        self.language = language
    }
}

extension Array where Element == MIMEParameter {
    /// The value of the first parameter with this name (case-insensitive).
    public func value(named name: String) -> String? {
        let lower = name.lowercased()
        return first { $0.name == lower }?.value
    }
}
