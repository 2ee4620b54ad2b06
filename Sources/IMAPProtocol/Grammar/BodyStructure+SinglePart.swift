extension BodyStructure {
    /// A leaf body part: its type, fields and (for text and message/rfc822) what follows.
    public struct SinglePart: Sendable, Hashable {
        public var type: String
        public var subtype: String
        public var parameters: [BodyParameter]
        public var id: String?
        public var description: String?
        public var encoding: String
        public var size: Int
        public var kind: Kind
        /// Extension data, present in BODYSTRUCTURE (not BODY) answers.
        public var extensionData: BodyExtension?

        public init(type: String, subtype: String, parameters: [BodyParameter] = [], id: String? = nil,
                    description: String? = nil, encoding: String, size: Int, kind: Kind = .basic,
                    extensionData: BodyExtension? = nil) {
            self.type = type
            self.subtype = subtype
            self.parameters = parameters
            self.id = id
            self.description = description
            self.encoding = encoding
            self.size = size
            self.kind = kind
            self.extensionData = extensionData
        }
    }

    /// What a leaf part carries after its common fields.
    public indirect enum Kind: Sendable, Hashable {
        /// Any type but text and message/rfc822 (`body-type-basic`).
        case basic
        /// text/* with its line count (`body-type-text`).
        case text(lineCount: Int)
        /// message/rfc822 (or global) with the inner message (`body-type-msg`).
        case message(envelope: Envelope, body: BodyStructure, lineCount: Int)
    }
}
