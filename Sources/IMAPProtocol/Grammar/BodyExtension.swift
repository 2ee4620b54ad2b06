/// BODYSTRUCTURE extension data (`body-ext-1part`, `body-ext-mpart`): fields after
/// the basic ones, each optional since servers stop wherever they like.
public struct BodyExtension: Sendable, Hashable {
    /// Multipart only: the Content-Type parameters.
    public var parameters: [BodyParameter]
    /// Single part only: Content-MD5.
    public var md5: String?
    public var disposition: BodyDisposition?
    public var language: [String]
    public var location: String?
    /// Further extension values, kept generic.
    public var extensions: [IMAPValue]

    public init(parameters: [BodyParameter] = [], md5: String? = nil, disposition: BodyDisposition? = nil,
                language: [String] = [], location: String? = nil, extensions: [IMAPValue] = []) {
        self.parameters = parameters
        self.md5 = md5
        self.disposition = disposition
        self.language = language
        self.location = location
        self.extensions = extensions
    }
}
