import MailMessage

/// The cryptography the reader and `merle show` hand to `MessageRenderer`: OpenPGP
/// through GnuPG (GPGME), S/MIME through OpenSSL's CMS.
public struct MailCryptography: MessageCryptography {
    /// The two engines, one per `SecurityFormat`.
    public var pgp: PGPEngine
    public var smime: SMIMEEngine
    /// Gives the terminal to a pinentry and takes it back (the reader's curses screen);
    /// nil where the terminal is free (`merle show`), so the agent asks as it likes.
    public var terminalHandOver: TerminalHandOver?

    /// `gnupgHome`: a GNUPGHOME, or nil for gpg's default (`$GNUPGHOME`, else ~/.gnupg).
    /// With `terminalHandOver`, decrypting first tries without any pinentry, and only
    /// when the key's passphrase is needed hands the terminal over while the agent asks.
    public init(gnupgHome: String? = nil, smime: SMIMEEngine = SMIMEEngine(), terminalHandOver: TerminalHandOver? = nil) {
        pgp = PGPEngine(homeDirectory: gnupgHome, passphrases: terminalHandOver == nil ? .agent : .cachedOnly)
        self.smime = smime
        self.terminalHandOver = terminalHandOver
    }

    public func verifyDetached(signed: [UInt8], signature: [UInt8], format: SecurityFormat) -> [SignatureCheck] {
        switch format {
        case .openPGP: pgp.verifyDetached(signed: signed, signature: signature)
        case .smime: smime.verifyDetached(signed: signed, signature: signature)
        }
    }

    public func verifyAttached(_ data: [UInt8], format: SecurityFormat) -> CryptoOutcome {
        switch format {
        case .openPGP: pgp.verifyAttached(data)
        case .smime: smime.verifyAttached(data)
        }
    }

    public func decrypt(_ data: [UInt8], format: SecurityFormat) -> CryptoOutcome {
        switch format {
        case .openPGP: decryptPGP(data)
        case .smime: smime.decrypt(data)
        }
    }

    /// Without a pinentry first; then, if only the passphrase was missing, with the
    /// terminal handed over so the agent's pinentry can ask for it.
    private func decryptPGP(_ data: [UInt8]) -> CryptoOutcome {
        let (outcome, needsPassphrase) = pgp.decryptReportingPassphrase(data)
        guard needsPassphrase, let terminalHandOver else { return outcome }
        let asking = PGPEngine(homeDirectory: pgp.homeDirectory, passphrases: .agent)
        return terminalHandOver.run { asking.decrypt(data) }
    }
}
