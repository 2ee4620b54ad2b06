/// One signed or encrypted piece of a message and what came of it: a line of the
/// status block and of `merle show --parts --json`.
public struct SecurityReport: Sendable, Hashable, Codable {
    /// How the piece was wrapped.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// multipart/signed (RFC 1847, RFC 3156, RFC 8551).
        case signedMIME = "signed"
        /// multipart/encrypted (RFC 3156).
        case encryptedMIME = "encrypted"
        /// application/pkcs7-mime with enveloped-data.
        case smimeEnveloped = "smime-enveloped"
        /// application/pkcs7-mime with signed-data.
        case smimeOpaqueSigned = "smime-signed"
        /// An armored signed block in a text part.
        case inlineSigned = "inline-signed"
        /// An armored encrypted block in a text part.
        case inlineEncrypted = "inline-encrypted"
    }

    /// How it was wrapped, and in which family of cryptography.
    public var kind: Kind
    public var format: SecurityFormat
    /// The part number (`MessagePartList`) of the part that holds the piece.
    public var partNumber: Int
    /// Whether the piece is encrypted; `decrypted` says whether Merle could open it.
    public var encrypted: Bool
    public var decrypted: Bool
    /// The signatures over the piece (inside it, for encrypted mail); empty when unsigned.
    public var signatures: [SignatureCheck]
    /// Why it could not be opened or checked.
    public var failure: String?
    /// Whether the whole message is this piece (the top part, or the only thing in it that
    /// is shown); false means other parts of the message are not covered.
    public var coversWholeMessage: Bool
    /// For a piece found inside decrypted content (or an opaque signature's content): the
    /// number of that outermost part in the message's own numbering. `partNumber` then
    /// counts inside the decrypted content.
    public var insidePart: Int?
    /// For decrypted content: whether a signed piece was found inside it (signed, then
    /// encrypted as separate layers, RFC 3156 section 6.1; S/MIME does it so always).
    public var signedInside = false
    /// Whether the Subject shown came from inside this decrypted piece (protected
    /// headers, as Thunderbird and Enigmail send them with an outer Subject of "...").
    public var protectedSubject = false

    public init(kind: Kind, format: SecurityFormat, partNumber: Int, encrypted: Bool, decrypted: Bool,
                signatures: [SignatureCheck], failure: String?, coversWholeMessage: Bool, insidePart: Int? = nil) {
        self.insidePart = insidePart
        self.kind = kind
        self.format = format
        self.partNumber = partNumber
        self.encrypted = encrypted
        self.decrypted = decrypted
        self.signatures = signatures
        self.failure = failure
        self.coversWholeMessage = coversWholeMessage
    }

    enum CodingKeys: String, CodingKey {
        case kind, format, encrypted, decrypted, signatures, failure
        case partNumber = "part"
        case coversWholeMessage = "covers_whole_message"
        case insidePart = "inside_part"
        case signedInside = "signed_inside"
        case protectedSubject = "protected_subject"
    }

    /// Whether it is signed at all (good or not).
    public var isSigned: Bool { !signatures.isEmpty }
}
