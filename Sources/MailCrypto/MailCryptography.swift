import MailMessage

/// The cryptography the reader and `merle show` hand to `MessageRenderer`: OpenPGP
/// through GnuPG (GPGME). S/MIME is recognised and reported as not yet readable.
public struct MailCryptography: MessageCryptography {
    public var pgp: PGPEngine

    /// `gnupgHome`: a GNUPGHOME, or nil for gpg's default (`$GNUPGHOME`, else ~/.gnupg).
    public init(gnupgHome: String? = nil) {
        pgp = PGPEngine(homeDirectory: gnupgHome)
    }

    static let smimeMissing = "S/MIME is not read yet; save the part and use `openssl cms` or `gpgsm`."

    public func verifyDetached(signed: [UInt8], signature: [UInt8], format: SecurityFormat) -> [SignatureCheck] {
        switch format {
        case .openPGP: pgp.verifyDetached(signed: signed, signature: signature)
        case .smime: [SignatureCheck(status: .error, detail: Self.smimeMissing)]
        }
    }

    public func verifyAttached(_ data: [UInt8], format: SecurityFormat) -> CryptoOutcome {
        switch format {
        case .openPGP: pgp.verifyAttached(data)
        case .smime: CryptoOutcome(content: nil, failure: Self.smimeMissing)
        }
    }

    public func decrypt(_ data: [UInt8], format: SecurityFormat) -> CryptoOutcome {
        switch format {
        case .openPGP: pgp.decrypt(data)
        case .smime: CryptoOutcome(content: nil, failure: Self.smimeMissing)
        }
    }
}
