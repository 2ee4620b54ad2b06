import COpenSSL

/// An OpenSSL memory BIO holding a copy of some bytes, or empty for output.
final class MemoryBIO {
    let bio: OpaquePointer

    init?(_ bytes: [UInt8] = []) {
        guard let bio = BIO_new(BIO_s_mem()) else { return nil }
        self.bio = bio
        if !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { BIO_write(bio, $0.baseAddress, Int32($0.count)) }
            if written != Int32(bytes.count) { return nil }
        }
    }

    /// Everything written to it.
    func readAll() -> [UInt8] {
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { BIO_read(bio, $0.baseAddress, Int32($0.count)) }
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<Int(count)])
        }
        return output
    }

    deinit { BIO_free(bio) }
}

/// A parsed CMS object (RFC 5652): S/MIME's signed-data or enveloped-data.
final class CMSMessage {
    let cms: OpaquePointer

    /// From DER, as application/pkcs7-mime and application/pkcs7-signature carry it.
    init?(der: [UInt8]) {
        guard let input = MemoryBIO(der), let cms = d2i_CMS_bio(input.bio, nil) else { return nil }
        self.cms = cms
    }

    deinit { CMS_ContentInfo_free(cms) }
}

/// OpenSSL's error queue in words; empties it.
enum OpenSSLErrors {
    static func drain() -> String {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(Self.text(buffer))
        }
        return reasons.joined(separator: "; ")
    }

    /// A NUL-terminated buffer as text.
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

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
