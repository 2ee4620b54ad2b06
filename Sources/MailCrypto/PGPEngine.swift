import CGPGME
import MailMessage

/// OpenPGP through GPGME and the user's GnuPG keyring: checks PGP/MIME and inline
/// signatures and decrypts. Secret keys and passphrases stay with gpg-agent.
public struct PGPEngine: Sendable {
    /// Whether gpg-agent may ask for a passphrase.
    public enum Passphrases: Sendable {
        /// As the agent is set up (its pinentry, on the terminal or the desktop).
        case agent
        /// Only a passphrase the agent already holds; never a pinentry. For the
        /// full-screen reader, whose screen a terminal pinentry would write over.
        case cachedOnly
    }

    /// The GnuPG home (GNUPGHOME) to use; nil for gpg's own choice.
    public var homeDirectory: String?
    /// Whether a pinentry may ask (`decrypt`); checking signatures never needs one.
    public var passphrases: Passphrases
    /// Recipients' keys from their Autocrypt headers, for those the keyring has no key for.
    public var autocryptPeers: AutocryptPeerKeys?

    public init(homeDirectory: String? = nil, passphrases: Passphrases = .agent, autocryptPeers: AutocryptPeerKeys? = nil) {
        self.homeDirectory = homeDirectory
        self.passphrases = passphrases
        self.autocryptPeers = autocryptPeers
    }

    /// Checks a detached signature over `signed`.
    public func verifyDetached(signed: [UInt8], signature: [UInt8]) -> [SignatureCheck] {
        do {
            let context = try GPGMEContext(homeDirectory: homeDirectory)
            let signatureData = try GPGMEData(signature)
            let signedData = try GPGMEData(signed)
            let error = gpgme_op_verify(context.context, signatureData.handle, signedData.handle, nil)
            let found = signatures(context)
            if error != 0, found.isEmpty {
                return [SignatureCheck(status: .error, detail: "gpg could not check the signature: \(String(cString: gpgme_strerror(error)))")]
            }
            return found.isEmpty ? [SignatureCheck(status: .error, detail: "no signature found in the signature part")] : found
        } catch {
            return [SignatureCheck(status: .error, detail: error.description)]
        }
    }

    /// Checks a cleartext-signed or signed-only armored block and gives its text.
    public func verifyAttached(_ data: [UInt8]) -> CryptoOutcome {
        do {
            let context = try GPGMEContext(homeDirectory: homeDirectory)
            let input = try GPGMEData(data)
            let output = try GPGMEData()
            let error = gpgme_op_verify(context.context, input.handle, nil, output.handle)
            let found = signatures(context)
            let content = output.takeBytes()
            if error != 0 || found.isEmpty {
                let reason = error != 0 ? String(cString: gpgme_strerror(error)) : "no signature in it"
                return CryptoOutcome(content: nil, signatures: found, failure: "The signed block could not be checked (\(reason)); it is shown as text, unchecked.")
            }
            return CryptoOutcome(content: content, signatures: found)
        } catch {
            return CryptoOutcome(content: nil, failure: error.description)
        }
    }

    /// Decrypts and checks any signature inside.
    public func decrypt(_ data: [UInt8]) -> CryptoOutcome {
        decryptReportingPassphrase(data).outcome
    }

    /// Decrypts; `needsPassphrase` says that it failed only because the key's passphrase
    /// was not at hand (`cachedOnly`), so asking for it may help.
    func decryptReportingPassphrase(_ data: [UInt8]) -> (outcome: CryptoOutcome, needsPassphrase: Bool) {
        do {
            let context = try GPGMEContext(homeDirectory: homeDirectory)
            if passphrases == .cachedOnly {
                try GPGMEError.check(gpgme_set_pinentry_mode(context.context, GPGME_PINENTRY_MODE_CANCEL), "GPGME refused the pinentry mode")
            }
            let input = try GPGMEData(data)
            let output = try GPGMEData()
            let error = gpgme_op_decrypt_verify(context.context, input.handle, output.handle)
            if error != 0 {
                _ = output.takeBytes()
                let code = gpgme_err_code(error)
                return (CryptoOutcome(content: nil, failure: Self.decryptionFailure(error)),
                        passphrases == .cachedOnly && (code == GPG_ERR_CANCELED || code == GPG_ERR_BAD_PASSPHRASE || code == GPG_ERR_NO_PIN_ENTRY))
            }
            let found = signatures(context)
            return (CryptoOutcome(content: output.takeBytes(), signatures: found), false)
        } catch {
            return (CryptoOutcome(content: nil, failure: error.description), false)
        }
    }

    static func decryptionFailure(_ error: gpgme_error_t) -> String {
        switch gpgme_err_code(error) {
        case GPG_ERR_NO_SECKEY: "None of the keys it is encrypted to has its secret key in this keyring."
        case GPG_ERR_NO_DATA: "It holds no encrypted data gpg can read: the armour may be damaged or cut off."
        case GPG_ERR_CANCELED, GPG_ERR_NO_PIN_ENTRY: "The key's passphrase was not given (gpg-agent did not have it and could not ask)."
        default: "gpg could not decrypt it: \(String(cString: gpgme_strerror(error)))."
        }
    }

    /// The signatures the last verify found, with their signers from the keyring. Read
    /// out before any key lookup: the result belongs to the context's last operation.
    private func signatures(_ context: GPGMEContext) -> [SignatureCheck] {
        guard let result = gpgme_op_verify_result(context.context) else { return [] }
        var raw: [(status: gpgme_error_t, summary: UInt32, fingerprint: String?, validity: gpgme_validity_t)] = []
        var signature = result.pointee.signatures
        while let current = signature, raw.count < 16 {
            raw.append((current.pointee.status, UInt32(bitPattern: Int32(truncatingIfNeeded: current.pointee.summary.rawValue)),
                        current.pointee.fpr.map { String(cString: $0) }, current.pointee.validity))
            signature = current.pointee.next
        }
        return raw.map { item in
            var check = SignatureCheck(status: Self.status(item.status, summary: item.summary), fingerprint: item.fingerprint)
            // Full or ultimate: the user's keyring (their own signature or a trusted
            // introducer) says the key is the signer's; anything less only that it signed.
            check.keyCertified = item.validity == GPGME_VALIDITY_FULL || item.validity == GPGME_VALIDITY_ULTIMATE
            if let fingerprint = item.fingerprint, check.status != .unknownKey {
                (check.signer, check.signerAddresses) = context.key(fingerprint: fingerprint)
            }
            if check.status != .good { check.detail = "gpg says: \(String(cString: gpgme_strerror(item.status)))" }
            return check
        }
    }

    /// GPGME's status and summary bits as the status block's verdict.
    static func status(_ status: gpgme_error_t, summary: UInt32) -> SignatureCheck.Status {
        let has = { (flag: gpgme_sigsum_t) in summary & UInt32(flag.rawValue) != 0 }
        switch gpgme_err_code(status) {
        case GPG_ERR_NO_ERROR:
            if has(GPGME_SIGSUM_KEY_REVOKED) { return .revoked }
            if has(GPGME_SIGSUM_KEY_EXPIRED) || has(GPGME_SIGSUM_SIG_EXPIRED) { return .expired }
            if has(GPGME_SIGSUM_RED) { return .bad }
            return .good
        case GPG_ERR_BAD_SIGNATURE: return .bad
        case GPG_ERR_NO_PUBKEY: return .unknownKey
        case GPG_ERR_KEY_EXPIRED, GPG_ERR_SIG_EXPIRED, GPG_ERR_CERT_EXPIRED: return .expired
        case GPG_ERR_CERT_REVOKED: return .revoked
        default: return .error
        }
    }
}
