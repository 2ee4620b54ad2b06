/// A message's MIME structure as BODYSTRUCTURE or BODY reports it (RFC 9051 §7.5.2 `body`).
public enum BodyStructure: Sendable, Hashable {
    /// One leaf part (`body-type-1part`).
    case singlepart(SinglePart)
    /// A multipart/* container (`body-type-mpart`).
    case multipart(Multipart)

    /// The lower-cased MIME type, e.g. `text/plain` or `multipart/mixed`.
    public var mimeType: String {
        switch self {
        case let .singlepart(part): return (part.type + "/" + part.subtype).lowercased()
        case let .multipart(part): return ("multipart/" + part.subtype).lowercased()
        }
    }
}
