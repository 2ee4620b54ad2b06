/// A body part's Content-Disposition as BODYSTRUCTURE reports it (`body-fld-dsp`).
public struct BodyDisposition: Sendable, Hashable {
    /// `attachment`, `inline`, … as sent.
    public var kind: String
    public var parameters: [BodyParameter]

    public init(kind: String, parameters: [BodyParameter] = []) {
        self.kind = kind
        self.parameters = parameters
    }
}
