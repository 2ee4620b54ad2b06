/// One complete server response (RFC 9051 §7 `response`).
public enum Response: Sendable, Hashable {
    case untagged(UntaggedResponse)
    case tagged(TaggedResponse)
    /// `+ text`: the server waits for the rest of the command (a literal, SASL data, IDLE).
    case continuation([UInt8])
}
