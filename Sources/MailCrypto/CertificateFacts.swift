import COpenSSL

/// What a certificate says about its holder.
struct CertificateFacts {
    var subject: String
    var fingerprint: String
    var addresses: [String]

    /// `certificate` is borrowed (an X509 the caller keeps).
    init(_ certificate: OpaquePointer) {
        var name = [CChar](repeating: 0, count: 512)
        if let subjectName = X509_get_subject_name(certificate) { X509_NAME_oneline(subjectName, &name, Int32(name.count)) }
        subject = OpenSSLErrors.text(name)
        var digest = [UInt8](repeating: 0, count: 64)
        var length: UInt32 = 0
        if X509_digest(certificate, EVP_sha256(), &digest, &length) == 1 {
            fingerprint = digest.prefix(Int(length)).map { String(format: "%02X", $0) }.joined()
        } else {
            fingerprint = ""
        }
        addresses = []
        // The subject's emailAddress and the rfc822Name alternative names (RFC 8550 section 3).
        if let emails = X509_get1_email(certificate) {
            for index in 0..<OPENSSL_sk_num(emails) {
                if let value = OPENSSL_sk_value(emails, index) {
                    addresses.append(String(cString: value.assumingMemoryBound(to: CChar.self)).lowercased())
                }
            }
            X509_email_free(emails)
        }
    }
}
