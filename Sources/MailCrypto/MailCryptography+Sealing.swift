import MailMessage

/// Writing: `MessageBuilder.build(_:security:sealer:)` signs and encrypts through this.
extension MailCryptography: MessageSealing {
    public func sign(_ entity: [UInt8], signer: String, format: SecurityFormat) throws -> (signature: [UInt8], micalg: String) {
        switch format {
        case .openPGP: try writingPGP.signDetached(entity, signer: signer)
        case .smime: try smime.signDetached(entity, signer: signer)
        }
    }

    public func encrypt(_ entity: [UInt8], to recipients: [String], signer: String?, format: SecurityFormat) throws -> [UInt8] {
        switch format {
        case .openPGP: try writingPGP.encrypt(entity, to: recipients, signer: signer)
        case .smime: try smime.encrypt(entity, to: recipients)
        }
    }

    public func recipientsLackingKeys(_ recipients: [String], format: SecurityFormat) -> [MissingKey] {
        switch format {
        case .openPGP: writingPGP.recipientsLackingKeys(recipients)
        case .smime: smime.recipientsLackingCertificates(recipients)
        }
    }

    public func autocryptKeyData(for address: String) -> Result<[UInt8], MissingKey> {
        pgp.autocryptKeyData(for: address)
    }

    /// Signing may need the key's passphrase: the agent may ask, as it is set up.
    private var writingPGP: PGPEngine { PGPEngine(homeDirectory: pgp.homeDirectory, passphrases: .agent, autocryptPeers: pgp.autocryptPeers) }
}
