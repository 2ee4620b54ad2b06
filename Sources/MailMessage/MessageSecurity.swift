/// The two families of mail cryptography Merle reads.
public enum SecurityFormat: String, Sendable, Hashable, Codable {
    /// OpenPGP: PGP/MIME (RFC 3156) and inline armored blocks.
    case openPGP = "openpgp"
    /// S/MIME (RFC 8551): CMS signed-data and enveloped-data.
    case smime
}

/// What checking one signature found.
public struct SignatureCheck: Sendable, Hashable, Codable {
    /// The verdict, worst first as the status block words it.
    public enum Status: String, Sendable, Hashable, Codable {
        /// The signature is valid over exactly these bytes, with a usable key.
        case good
        /// The bytes were changed after signing, or the signature is broken.
        case bad
        /// The signer's key is not in the keyring: nothing can be said.
        case unknownKey = "unknown-key"
        /// Valid once, but the key or the signature has expired.
        case expired
        /// Made with a key its owner has revoked.
        case revoked
        /// The engine could not check it (malformed signature, engine failure).
        case error
    }

    /// The verdict.
    public var status: Status
    /// The signer's primary user ID (OpenPGP) or certificate subject (S/MIME), as the
    /// engine gives it: not sanitised.
    public var signer: String?
    /// The key's fingerprint (hex) or the certificate's.
    public var fingerprint: String?
    /// Every mail address on the key or certificate, lower-cased.
    public var signerAddresses: [String]
    /// Whether one of `signerAddresses` is the From address; set by the renderer.
    public var matchesFrom: Bool
    /// Why, in the engine's words, when it is not good.
    public var detail: String?
    /// For OpenPGP, whether the keyring vouches that the key is the signer's (GnuPG's
    /// validity of the key); nil for S/MIME, whose chain to a trusted CA is the status.
    public var keyCertified: Bool?

    enum CodingKeys: String, CodingKey {
        case status, signer, fingerprint, detail
        case signerAddresses = "signer_addresses"
        case matchesFrom = "matches_from"
        case keyCertified = "key_certified"
    }

    public init(status: Status, signer: String? = nil, fingerprint: String? = nil, signerAddresses: [String] = [],
                matchesFrom: Bool = false, detail: String? = nil) {
        self.status = status
        self.signer = signer
        self.fingerprint = fingerprint
        self.signerAddresses = signerAddresses
        self.matchesFrom = matchesFrom
        self.detail = detail
    }
}

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

/// The cryptography the renderer asks for when it meets a signed or encrypted part.
/// MailMessage does no I/O: the implementation (MailCrypto, over GPGME and OpenSSL)
/// is handed in by the executable. Each call is independent and may be slow.
public protocol MessageCryptography: Sendable {
    /// Checks a detached signature (PGP/MIME application/pgp-signature, S/MIME
    /// application/pkcs7-signature) over `signed`, which is already canonical.
    func verifyDetached(signed: [UInt8], signature: [UInt8], format: SecurityFormat) -> [SignatureCheck]
    /// Checks a signature that carries its content (an inline cleartext-signed block, an
    /// S/MIME opaque signed-data) and gives the content.
    func verifyAttached(_ data: [UInt8], format: SecurityFormat) -> CryptoOutcome
    /// Decrypts, checking any signature inside.
    func decrypt(_ data: [UInt8], format: SecurityFormat) -> CryptoOutcome
}

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
