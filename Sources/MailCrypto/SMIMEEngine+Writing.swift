import COpenSSL
import Foundation
import MailMessage

/// Writing S/MIME (RFC 8551) through OpenSSL's CMS: detached signatures with the user's
/// key and certificate, and enveloped-data to the recipients' certificates. A recipient's
/// certificate comes from `certificatesFolder` (PEM files, one or more certificates
/// each), chosen by an address it names, and only while it is valid; the user's own
/// certificate (`identities`) is always a candidate, so mail can be encrypted to oneself.
extension SMIMEEngine {
    /// A detached CMS signature (DER) over `data` with the identity whose certificate
    /// names `signer`, and its `micalg`.
    public func signDetached(_ data: [UInt8], signer: String) throws(SealingError) -> (signature: [UInt8], micalg: String) {
        guard let identity = identity(for: signer) else {
            throw SealingError.failed("no S/MIME key and certificate for \(signer) to sign with (smime_key and smime_certificate)")
        }
        guard let key = Self.readKey(identity.keyPath) else {
            throw SealingError.failed("cannot read the S/MIME key \(identity.keyPath) (PEM without a passphrase)")
        }
        defer { EVP_PKEY_free(key) }
        guard let certificate = Self.readCertificate(identity.certificatePath) else {
            throw SealingError.failed("cannot read the S/MIME certificate \(identity.certificatePath)")
        }
        defer { X509_free(certificate) }
        guard let input = MemoryBIO(data), let output = MemoryBIO() else { throw SealingError.failed("out of memory") }
        ERR_clear_error()
        guard let cms = CMS_sign(certificate, key, nil, input.bio, UInt32(CMS_DETACHED | CMS_BINARY)) else {
            throw SealingError.failed("OpenSSL could not sign: \(OpenSSLErrors.drain())")
        }
        defer { CMS_ContentInfo_free(cms) }
        guard i2d_CMS_bio(output.bio, cms) == 1 else { throw SealingError.failed("OpenSSL could not write the signature: \(OpenSSLErrors.drain())") }
        // OpenSSL 3 signs with SHA-256 unless told otherwise.
        return (output.readAll(), "sha-256")
    }

    /// `data` as CMS enveloped-data (DER, AES-256-CBC) to each address's certificate.
    public func encrypt(_ data: [UInt8], to recipients: [String]) throws(SealingError) -> [UInt8] {
        var certificates: [OpaquePointer] = []
        defer { certificates.forEach { X509_free($0) } }
        var missing: [MissingKey] = []
        for recipient in recipients {
            switch certificate(for: recipient) {
            case .success(let certificate): certificates.append(certificate)
            case .failure(let reason): missing.append(MissingKey(address: recipient, reason: reason.description))
            }
        }
        if !missing.isEmpty { throw SealingError.recipientsLackKeys(missing) }
        guard let stack = OPENSSL_sk_new_null() else { throw SealingError.failed("out of memory") }
        defer { OPENSSL_sk_free(stack) }
        for certificate in certificates { OPENSSL_sk_push(stack, UnsafeRawPointer(certificate)) }
        guard let input = MemoryBIO(data), let output = MemoryBIO() else { throw SealingError.failed("out of memory") }
        ERR_clear_error()
        guard let cms = CMS_encrypt(stack, input.bio, EVP_aes_256_cbc(), UInt32(CMS_BINARY)) else {
            throw SealingError.failed("OpenSSL could not encrypt: \(OpenSSLErrors.drain())")
        }
        defer { CMS_ContentInfo_free(cms) }
        guard i2d_CMS_bio(output.bio, cms) == 1 else { throw SealingError.failed("OpenSSL could not write the message: \(OpenSSLErrors.drain())") }
        return output.readAll()
    }

    /// The addresses with no valid certificate, each with the reason.
    public func recipientsLackingCertificates(_ recipients: [String]) -> [MissingKey] {
        recipients.compactMap { recipient -> MissingKey? in
            switch certificate(for: recipient) {
            case .success(let certificate):
                X509_free(certificate)
                return nil
            case .failure(let reason): return MissingKey(address: recipient, reason: reason.description)
            }
        }
    }

    /// How many certificates the certificates folder holds (for `merle config check`).
    public func recipientCertificateCount() -> Int {
        folderFiles().reduce(0) { count, path in
            let found = Self.readCertificates(path)
            found.forEach { X509_free($0) }
            return count + found.count
        }
    }

    /// The identity whose certificate names `address`, else the only one there is.
    private func identity(for address: String) -> Identity? {
        let wanted = address.lowercased()
        let named = identities.first { identity in
            guard let certificate = Self.readCertificate(identity.certificatePath) else { return false }
            defer { X509_free(certificate) }
            return CertificateFacts(certificate).addresses.contains(wanted)
        }
        return named ?? (identities.count == 1 ? identities[0] : nil)
    }

    private struct Reason: Error, CustomStringConvertible {
        let description: String
    }

    /// A valid certificate naming `address` (the caller frees it), from the user's own
    /// and the certificates folder.
    private func certificate(for address: String) -> Result<OpaquePointer, Reason> {
        let wanted = address.lowercased()
        var expired = false
        for path in identities.map(\.certificatePath) + folderFiles() {
            for certificate in Self.readCertificates(path) {
                if CertificateFacts(certificate).addresses.contains(wanted) {
                    if let notAfter = X509_get0_notAfter(certificate), X509_cmp_current_time(notAfter) > 0 {
                        return .success(certificate)
                    }
                    expired = true
                }
                X509_free(certificate)
            }
        }
        if expired { return .failure(Reason(description: "its S/MIME certificate has expired")) }
        let place = certificatesFolder.map { " in \($0)" } ?? " (no smime_certificates folder is set)"
        return .failure(Reason(description: "no S/MIME certificate for \(address)\(place)"))
    }

    /// The files of the certificates folder, in name order.
    private func folderFiles() -> [String] {
        guard let certificatesFolder, let names = try? FileManager.default.contentsOfDirectory(atPath: certificatesFolder) else { return [] }
        return names.sorted().filter { !$0.hasPrefix(".") }.map { certificatesFolder + "/" + $0 }
    }

    /// Every PEM certificate in a file.
    static func readCertificates(_ path: String) -> [OpaquePointer] {
        guard let file = BIO_new_file(path, "r") else {
            _ = OpenSSLErrors.drain()
            return []
        }
        defer { BIO_free(file) }
        var found: [OpaquePointer] = []
        while found.count < 100, let certificate = PEM_read_bio_X509(file, nil, { _, _, _, _ in 0 }, nil) {
            found.append(certificate)
        }
        _ = OpenSSLErrors.drain()
        return found
    }
}
