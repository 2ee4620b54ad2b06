import Foundation
import MailCrypto
import MailMessage
import TestSupport
import Testing

/// multipart/signed inside multipart/encrypted inside multipart/mixed: each layer is
/// opened, reported and bordered, and nothing outside is counted as covered.
@Suite struct NestingTests {
    @Test func signedInsideEncryptedInsideMixed() throws {
        try PGPMIMETests.withHome { home, renderer in
            let (signedBody, signedBoundary) = try SignedMail.pgpSigned(SignedMail.textEntity("Inner signed words."), by: "alice@example.test", in: home)
            let signedEntity = SignedMail.crlf(["Content-Type: multipart/signed; micalg=pgp-sha256; protocol=\"application/pgp-signature\"; boundary=\"\(signedBoundary)\"", "", ""]) + signedBody
            let (encryptedBody, encryptedBoundary) = try SignedMail.pgpEncrypted(signedEntity, to: "bob@example.test", signer: nil, in: home)
            var raw = SignedMail.crlf(SignedMail.header(from: PGPMIMETests.alice, subject: "Nested", type: "multipart/mixed; boundary=\"outer\"")
                + ["", "--outer", "Content-Type: text/plain", "", "Outer words, not signed.", "--outer",
                   "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"\(encryptedBoundary)\"", "", ""])
            raw += encryptedBody + SignedMail.crlf(["", "--outer--", ""])
            let rendered = renderer.render(MessageParser.parse(raw))
            #expect(rendered.security.map(\.kind) == [.encryptedMIME, .signedMIME])
            #expect(rendered.security.allSatisfy { !$0.coversWholeMessage })
            #expect(rendered.security.map(\.insidePart) == [nil, 3])
            #expect(rendered.security[0].decrypted && rendered.security[1].signatures.first?.status == .good)
            let body = rendered.bodyText
            let outer = try #require(body.range(of: "Outer words, not signed."))
            let begin = try #require(body.range(of: "▌ Begin encrypted part 3"))
            let inner = try #require(body.range(of: "▌ Begin signed part 1 of decrypted part 3 (PGP/MIME): good signature\nInner signed words.\n▌ End of signed part 1 of decrypted part 3\n▌ End of encrypted part 3"))
            #expect(outer.upperBound < begin.lowerBound && begin.upperBound < inner.lowerBound)
        }
    }

    /// Each check runs gpg: a message of many signed parts gets a fixed number of checks,
    /// and says that the rest are unchecked, rather than keep the reader busy.
    @Test func manySignedPartsAreCheckedUpToALimit() throws {
        try PGPMIMETests.withHome { home, renderer in
            let (signedBody, boundary) = try SignedMail.pgpSigned(SignedMail.textEntity("Same words."), by: "alice@example.test", in: home)
            let signedPart = SignedMail.crlf(["--many", "Content-Type: multipart/signed; micalg=pgp-sha256; protocol=\"application/pgp-signature\"; boundary=\"\(boundary)\"", "", ""]) + signedBody
            var raw = SignedMail.crlf(SignedMail.header(from: PGPMIMETests.alice, subject: "Many", type: "multipart/mixed; boundary=\"many\"") + ["", ""])
            for _ in 0..<40 { raw += signedPart }
            raw += SignedMail.crlf(["--many--", ""])
            let rendered = renderer.render(MessageParser.parse(raw))
            #expect(rendered.security.count == 32)
            #expect(rendered.notes.contains { $0.contains("shown unchecked") })
        }
    }
}
