import Foundation
import TestSupport

/// Messages made the way mail programs make them, signed and encrypted by the real
/// gpg in a test's home (RFC 3156). Lines end in CRLF, as on the wire.
enum SignedMail {
    static func crlf(_ lines: [String]) -> [UInt8] { Array(lines.joined(separator: "\r\n").utf8) }

    /// A text/plain entity (header and body) to sign or encrypt, in canonical CRLF form
    /// as RFC 3156 section 5 has signers make it.
    static func textEntity(_ body: String) -> [UInt8] {
        let canonical = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        return crlf(["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", canonical, ""])
    }

    static func header(from: String, subject: String, type: String) -> [String] {
        ["From: \(from)", "To: Bob <bob@example.test>", "Subject: \(subject)", "Date: Mon, 07 Dec 2026 10:00:00 +0000",
         "Message-ID: <\(UUID().uuidString)@example.test>", "MIME-Version: 1.0", "Content-Type: \(type)"]
    }

    /// multipart/signed over `entity`, signed by `signer` (a user ID or address in `home`).
    static func pgpSigned(_ entity: [UInt8], by signer: String, in home: GnuPGHome) throws -> (body: [UInt8], boundary: String) {
        let signature = try home.gpg(["--armor", "--detach-sign", "--digest-algo", "SHA256", "--local-user", signer], input: entity)
        let boundary = "sig-" + UUID().uuidString
        var body = crlf(["--\(boundary)"]) + Array("\r\n".utf8) + entity
        body += Array("\r\n".utf8) + crlf(["--\(boundary)", "Content-Type: application/pgp-signature; name=\"signature.asc\"",
                                           "Content-Description: OpenPGP digital signature", "", ""])
        body += signature + crlf(["", "--\(boundary)--", ""])
        return (body, boundary)
    }

    /// A whole signed message.
    static func signedMessage(_ text: String, by signer: String, from: String, in home: GnuPGHome, subject: String = "Signed") throws -> [UInt8] {
        let (body, boundary) = try pgpSigned(textEntity(text), by: signer, in: home)
        return crlf(header(from: from, subject: subject,
                           type: "multipart/signed; micalg=pgp-sha256; protocol=\"application/pgp-signature\"; boundary=\"\(boundary)\"") + ["", ""]) + body
    }

    /// multipart/encrypted body of `entity` to `recipient`, signed inside by `signer` when given.
    static func pgpEncrypted(_ entity: [UInt8], to recipient: String, signer: String?, in home: GnuPGHome) throws -> (body: [UInt8], boundary: String) {
        var arguments = ["--armor", "--encrypt", "--recipient", recipient]
        if let signer { arguments += ["--sign", "--local-user", signer] }
        let cipher = try home.gpg(arguments, input: entity)
        let boundary = "enc-" + UUID().uuidString
        var body = crlf(["This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)", "--\(boundary)",
                         "Content-Type: application/pgp-encrypted", "Content-Description: PGP/MIME version identification", "",
                         "Version: 1", "", "--\(boundary)", "Content-Type: application/octet-stream; name=\"encrypted.asc\"",
                         "Content-Disposition: inline; filename=\"encrypted.asc\"", "", ""])
        body += cipher + crlf(["", "--\(boundary)--", ""])
        return (body, boundary)
    }

    static func encryptedMessage(_ entity: [UInt8], to recipient: String, signer: String?, from: String, in home: GnuPGHome,
                                 subject: String = "...") throws -> [UInt8] {
        let (body, boundary) = try pgpEncrypted(entity, to: recipient, signer: signer, in: home)
        return crlf(header(from: from, subject: subject,
                           type: "multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"\(boundary)\"") + ["", ""]) + body
    }

    /// A text/plain message whose body is `text`.
    static func plainMessage(_ text: [UInt8], from: String, subject: String = "Plain") -> [UInt8] {
        crlf(header(from: from, subject: subject, type: "text/plain; charset=utf-8") + ["", ""]) + text
    }
}
