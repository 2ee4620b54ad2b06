import COpenSSL
import MailMessage

/// S/MIME (RFC 8551) read through OpenSSL's CMS: detached and opaque signed-data
/// checked against the system's trusted CAs (and a CA file), enveloped-data decrypted
/// with the user's key and certificate. Nothing is fetched: no CRL, no OCSP, no AIA.
public struct SMIMEEngine: Sendable {
    /// A private key and its certificate, as PEM files (the key without a passphrase).
    public struct Identity: Sendable, Hashable {
        public var keyPath: String
        public var certificatePath: String

        public init(keyPath: String, certificatePath: String) {
            self.keyPath = keyPath
            self.certificatePath = certificatePath
        }
    }

    /// The keys mail may be encrypted to, tried in order.
    public var identities: [Identity]
    /// CA certificates (PEM) trusted for signers, besides the system's.
    public var caFile: String?
    /// Whether the system's CA store is trusted for signers too.
    public var trustsSystemCAs: Bool
    /// A folder of recipients' certificates (PEM) to encrypt to (`smime_certificates`).
    public var certificatesFolder: String?

    public init(identities: [Identity] = [], caFile: String? = nil, trustsSystemCAs: Bool = true, certificatesFolder: String? = nil) {
        self.certificatesFolder = certificatesFolder
        self.identities = identities
        self.caFile = caFile
        self.trustsSystemCAs = trustsSystemCAs
    }

    /// Checks application/pkcs7-signature (DER) over `signed`, already canonical.
    public func verifyDetached(signed: [UInt8], signature: [UInt8]) -> [SignatureCheck] {
        guard let cms = CMSMessage(der: signature) else {
            return [SignatureCheck(status: .error, detail: "the signature part is not CMS signed-data: \(OpenSSLErrors.drain())")]
        }
        guard let content = MemoryBIO(signed) else { return [SignatureCheck(status: .error, detail: "out of memory")] }
        return check(cms, content: content, output: nil)
    }

    /// Checks an opaque signed-data (application/pkcs7-mime; smime-type=signed-data) and
    /// gives its content.
    public func verifyAttached(_ data: [UInt8]) -> CryptoOutcome {
        guard let cms = CMSMessage(der: data), let output = MemoryBIO() else {
            return CryptoOutcome(content: nil, failure: "It is not CMS signed-data OpenSSL can read (\(OpenSSLErrors.drain())).")
        }
        let signatures = check(cms, content: nil, output: output)
        let content = output.readAll()
        guard !content.isEmpty else {
            return CryptoOutcome(content: nil, signatures: signatures, failure: "The signed content could not be taken out of it.")
        }
        return CryptoOutcome(content: content, signatures: signatures)
    }

    /// Decrypts enveloped-data with the first identity that opens it.
    public func decrypt(_ data: [UInt8]) -> CryptoOutcome {
        guard let cms = CMSMessage(der: data) else {
            return CryptoOutcome(content: nil, failure: "It is not CMS enveloped-data OpenSSL can read (\(OpenSSLErrors.drain())).")
        }
        guard !identities.isEmpty else {
            return CryptoOutcome(content: nil, failure: "No S/MIME key is set up to decrypt it with.")
        }
        var reasons: [String] = []
        for identity in identities {
            guard let key = Self.readKey(identity.keyPath) else {
                reasons.append("cannot read the key \(identity.keyPath) (PEM without a passphrase)")
                continue
            }
            defer { EVP_PKEY_free(key) }
            guard let certificate = Self.readCertificate(identity.certificatePath) else {
                reasons.append("cannot read the certificate \(identity.certificatePath)")
                continue
            }
            defer { X509_free(certificate) }
            guard let output = MemoryBIO() else { break }
            ERR_clear_error()
            if CMS_decrypt(cms.cms, key, certificate, nil, output.bio, UInt32(CMS_BINARY)) == 1 {
                return CryptoOutcome(content: output.readAll())
            }
            _ = OpenSSLErrors.drain()
        }
        let why = reasons.isEmpty ? "" : " (\(reasons.joined(separator: "; ")))"
        return CryptoOutcome(content: nil, failure: "None of the S/MIME keys set up opens it\(why).")
    }

    /// The signature's integrity first (the content against the signer's own
    /// certificate), then the certificate's chain to a trusted CA for each signer.
    private func check(_ cms: CMSMessage, content: MemoryBIO?, output: MemoryBIO?) -> [SignatureCheck] {
        ERR_clear_error()
        let intact = CMS_verify(cms.cms, nil, nil, content?.bio, output?.bio, UInt32(CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY)) == 1
        let reason = intact ? "" : OpenSSLErrors.drain()
        guard let signers = CMS_get0_signers(cms.cms), OPENSSL_sk_num(signers) > 0 else {
            if reason.contains("signer certificate not found") {
                return [SignatureCheck(status: .unknownKey, detail: "the signer's certificate is not in the message")]
            }
            return [SignatureCheck(status: intact ? .error : .bad, detail: reason.isEmpty ? "no signer found" : reason)]
        }
        defer { OPENSSL_sk_free(signers) }
        var checks: [SignatureCheck] = []
        for index in 0..<OPENSSL_sk_num(signers) {
            guard let raw = OPENSSL_sk_value(signers, index) else { continue }
            let certificate = OpaquePointer(raw)
            let facts = CertificateFacts(certificate)
            var signature = SignatureCheck(status: .good, signer: facts.subject, fingerprint: facts.fingerprint, signerAddresses: facts.addresses)
            if !intact {
                signature.status = .bad
                signature.detail = reason
            } else {
                (signature.status, signature.detail) = chainStatus(certificate, cms: cms)
            }
            checks.append(signature)
        }
        return checks
    }

    /// Whether a trusted CA vouches for `certificate` as an S/MIME signer.
    private func chainStatus(_ certificate: OpaquePointer, cms: CMSMessage) -> (SignatureCheck.Status, String?) {
        guard let store = X509_STORE_new() else { return (.error, "out of memory") }
        defer { X509_STORE_free(store) }
        if trustsSystemCAs { X509_STORE_set_default_paths(store) }
        if let caFile, X509_STORE_load_file(store, caFile) != 1 {
            _ = OpenSSLErrors.drain()
            return (.error, "cannot read the CA file \(caFile)")
        }
        guard let context = X509_STORE_CTX_new() else { return (.error, "out of memory") }
        defer { X509_STORE_CTX_free(context) }
        // The other certificates in the message may be intermediates; never trusted as roots.
        let untrusted = CMS_get1_certs(cms.cms)
        defer { if let untrusted { OPENSSL_sk_pop_free(untrusted) { X509_free(OpaquePointer($0)) } } }
        guard X509_STORE_CTX_init(context, store, certificate, untrusted) == 1 else { return (.error, OpenSSLErrors.drain()) }
        X509_STORE_CTX_set_purpose(context, X509_PURPOSE_SMIME_SIGN)
        if X509_verify_cert(context) == 1 { return (.good, nil) }
        let code = X509_STORE_CTX_get_error(context)
        let words = String(cString: X509_verify_cert_error_string(Int(code)))
        _ = OpenSSLErrors.drain()
        switch code {
        case X509_V_ERR_CERT_HAS_EXPIRED: return (.expired, "the certificate has expired")
        case X509_V_ERR_CERT_REVOKED: return (.revoked, "the certificate is revoked")
        default: return (.unknownKey, "the certificate is not trusted: \(words)")
        }
    }

    /// A PEM private key without a passphrase. OpenSSL's own callback would ask for one
    /// on the terminal, under the reader's screen: this one declines, so a protected key
    /// fails with a reason instead.
    static func readKey(_ path: String) -> OpaquePointer? {
        readPEM(path) { PEM_read_bio_PrivateKey($0, nil, { _, _, _, _ in 0 }, nil) }
    }

    static func readCertificate(_ path: String) -> OpaquePointer? {
        readPEM(path) { PEM_read_bio_X509($0, nil, { _, _, _, _ in 0 }, nil) }
    }

    /// Reads one PEM object from a file.
    private static func readPEM(_ path: String, _ read: (OpaquePointer) -> OpaquePointer?) -> OpaquePointer? {
        guard let file = BIO_new_file(path, "r") else {
            _ = OpenSSLErrors.drain()
            return nil
        }
        defer { BIO_free(file) }
        return read(file)
    }
}
