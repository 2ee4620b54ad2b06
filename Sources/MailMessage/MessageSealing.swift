/// The cryptography the builder asks for when a message is to be signed or encrypted.
/// MailMessage does no I/O: the implementation (MailCrypto, over GPGME and OpenSSL)
/// is handed in by the caller, as `MessageCryptography` is for reading.
public protocol MessageSealing: Sendable {
    /// A detached signature over `entity` (already canonical: CRLF line ends) made with
    /// the key of `signer` (a mail address), and the digest it used, as the
    /// multipart/signed `micalg` parameter names it (`pgp-sha256`, `sha-256`).
    func sign(_ entity: [UInt8], signer: String, format: SecurityFormat) throws -> (signature: [UInt8], micalg: String)
    /// `entity` encrypted to every address in `recipients`, and signed inside by
    /// `signer` when given. OpenPGP gives ASCII armour, S/MIME gives DER.
    func encrypt(_ entity: [UInt8], to recipients: [String], signer: String?, format: SecurityFormat) throws -> [UInt8]
    /// The recipients with no usable key to encrypt to, each with the reason in words
    /// ("no key", "the key has expired", ...); empty when every one has a key.
    func recipientsLackingKeys(_ recipients: [String], format: SecurityFormat) -> [MissingKey]
    /// The minimal OpenPGP public key of `address` for its Autocrypt header (primary
    /// key, encryption subkey, self-signatures only), or why there is none.
    func autocryptKeyData(for address: String) -> Result<[UInt8], MissingKey>
}

extension MessageSealing {
    public func autocryptKeyData(for address: String) -> Result<[UInt8], MissingKey> {
        .failure(MissingKey(address: address, reason: "Autocrypt is not available here"))
    }
}

/// A recipient who cannot be encrypted to, and why.
public struct MissingKey: Error, Sendable, Hashable, CustomStringConvertible {
    public var address: String
    public var reason: String

    public init(address: String, reason: String) {
        self.address = address
        self.reason = reason
    }

    public var description: String { "\(address) (\(reason))" }
}
