/// The text of a status response (`resp-text`): an optional code and human text.
public struct ResponseText: Sendable, Hashable, CustomStringConvertible {
    public var code: ResponseCode?
    /// The human-readable text; may be empty (servers omit it).
    public var text: String

    public init(code: ResponseCode? = nil, text: String = "") {
        self.code = code
        self.text = text
    }

    public var description: String { text }
}
