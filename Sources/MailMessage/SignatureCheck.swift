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
