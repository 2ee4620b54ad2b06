/// What the engine gave back for one signed or encrypted piece.
public struct CryptoOutcome: Sendable {
    /// The content: the decrypted bytes, or the signed content of an opaque or cleartext
    /// signature. Nil when the engine could not get at it.
    public var content: [UInt8]?
    /// The signatures found (inside, for decrypted content).
    public var signatures: [SignatureCheck]
    /// Why the content is missing (no secret key, damaged armour), in words.
    public var failure: String?

    public init(content: [UInt8]?, signatures: [SignatureCheck] = [], failure: String? = nil) {
        self.content = content
        self.signatures = signatures
        self.failure = failure
    }
}
