import Foundation
import MailCrypto
import MailMessage
import TestSupport
import Testing

/// S/MIME made by gpgsm (GnuPG's CMS tool, BER with indefinite lengths) reads in Merle
/// through OpenSSL: a detached signature, an opaque one, and mail encrypted to a
/// certificate whose key Merle holds as PEM.
@Suite struct GpgsmInteropTests {
    static func message(type: String, body: [UInt8]) -> [UInt8] {
        SignedMail.crlf(SignedMail.header(from: "Gina <gina@example.test>", subject: "gpgsm", type: type) + ["Content-Transfer-Encoding: base64", "", ""])
            + body + SignedMail.crlf(["", ""])
    }

    @Test func gpgsmSignsAndEncryptsMerleReads() throws {
        let home = try GnuPGHome()
        defer { home.close() }
        let ca = try SMIMETestCA()
        defer { ca.close() }
        try home.gpgsmTrust(ca.caCertificate)
        let request = ca.folder + "/gina.csr"
        try Data(try home.gpgsmRequest("Gina", address: "gina@example.test")).write(to: URL(fileURLWithPath: request))
        try home.gpgsm(["--import", try ca.sign(request: request, address: "gina@example.test")])
        let bob = try ca.issue("Bob", address: "bob@example.test")
        try home.gpgsm(["--import", bob.certificate])
        let renderer = MessageRenderer(cryptography: MailCryptography(smime: SMIMEEngine(
            identities: [.init(keyPath: bob.key, certificatePath: bob.certificate)], caFile: ca.caCertificate, trustsSystemCAs: false)))

        // Detached, in multipart/signed.
        let entity = SignedMail.textEntity("Signed by gpgsm.")
        let signature = try home.gpgsm(["--include-certs", "-1", "--detach-sign", "--base64", "--local-user", "gina@example.test"], input: entity)
        var signed = SignedMail.crlf(SignedMail.header(from: "Gina <gina@example.test>", subject: "gpgsm",
                                                       type: "multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256; boundary=\"g\"")
                                     + ["", "--g", ""]) + entity
        signed += SignedMail.crlf(["", "--g", "Content-Type: application/pkcs7-signature; name=smime.p7s", "Content-Transfer-Encoding: base64", "", ""])
            + signature + SignedMail.crlf(["", "--g--", ""])
        let detached = try #require(renderer.render(MessageParser.parse(signed)).security.first?.signatures.first)
        #expect(detached.status == .good, "\(detached.detail ?? "")")
        #expect(detached.signerAddresses == ["gina@example.test"] && detached.matchesFrom)

        // Opaque signed-data.
        let opaque = try home.gpgsm(["--include-certs", "-1", "--sign", "--base64", "--local-user", "gina@example.test"], input: entity)
        let rendered = renderer.render(MessageParser.parse(Self.message(type: "application/pkcs7-mime; smime-type=signed-data; name=smime.p7m", body: opaque)))
        #expect(rendered.security.first?.signatures.first?.status == .good)
        #expect(rendered.bodyText.contains("Signed by gpgsm."))

        // Encrypted to Bob's certificate.
        let cipher = try home.gpgsm(["--encrypt", "--base64", "--recipient", "bob@example.test"], input: SignedMail.textEntity("For Bob, from gpgsm."))
        let opened = renderer.render(MessageParser.parse(Self.message(type: "application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m", body: cipher)))
        #expect(opened.security.first?.decrypted == true, "\(opened.security.first?.failure ?? "")")
        #expect(opened.bodyText.contains("For Bob, from gpgsm."))
    }
}
