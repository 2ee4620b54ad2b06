import COpenSSL

/// What `merle config check` says about one S/MIME key and certificate.
public struct SMIMEIdentityFacts: Sendable {
    /// The certificate's subject and mail addresses.
    public var subject: String?
    public var addresses: [String]
    /// When the certificate stops being valid, as OpenSSL prints it.
    public var validUntil: String?
    /// Why the pair cannot be used (unreadable, or a key that is not the certificate's).
    public var problem: String?
}

extension SMIMEEngine {
    /// Reads each identity's files and checks that key and certificate belong together.
    public func identityFacts() -> [SMIMEIdentityFacts] {
        identities.map { identity in
            var facts = SMIMEIdentityFacts(subject: nil, addresses: [], validUntil: nil, problem: nil)
            guard let certificate = Self.readCertificate(identity.certificatePath) else {
                facts.problem = "cannot read the certificate \(identity.certificatePath) as PEM"
                return facts
            }
            defer { X509_free(certificate) }
            let described = CertificateFacts(certificate)
            facts.subject = described.subject
            facts.addresses = described.addresses
            if let notAfter = X509_get0_notAfter(certificate), let output = MemoryBIO(), ASN1_TIME_print(output.bio, notAfter) == 1 {
                facts.validUntil = String(decoding: output.readAll(), as: UTF8.self)
            }
            guard let key = Self.readKey(identity.keyPath) else {
                facts.problem = "cannot read the key \(identity.keyPath) (PEM without a passphrase)"
                return facts
            }
            defer { EVP_PKEY_free(key) }
            if X509_check_private_key(certificate, key) != 1 {
                _ = OpenSSLErrors.drain()
                facts.problem = "the key \(identity.keyPath) is not the key of the certificate \(identity.certificatePath)"
            }
            return facts
        }
    }
}
