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
