extension BodyStructure {
    /// A multipart container and its parts.
    public struct Multipart: Sendable, Hashable {
        public var parts: [BodyStructure]
        public var subtype: String
        /// Extension data, present in BODYSTRUCTURE (not BODY) answers.
        public var extensionData: BodyExtension?

        public init(parts: [BodyStructure], subtype: String, extensionData: BodyExtension? = nil) {
            self.parts = parts
            self.subtype = subtype
            self.extensionData = extensionData
        }
    }
}
