import Foundation
import MailCrypto
import MailMessage
import TestSupport
import Testing

/// Armored blocks in text/plain, as gpg --clearsign and gpg --armor --encrypt write them.
@Suite struct InlinePGPTests {
    @Test func clearsignedBlockWithTextAround() throws {
        try PGPMIMETests.withHome { home, renderer in
            let block = try home.gpg(["--clearsign", "--local-user", "alice@example.test"], input: Array("I will pay on Friday.\n".utf8))
            let body = Array("Forwarded below, unsigned words of mine.\n\n".utf8) + block + Array("\nP.S. not signed either\n".utf8)
            let rendered = renderer.render(MessageParser.parse(SignedMail.plainMessage(body, from: PGPMIMETests.alice)))
            let report = try #require(rendered.security.first)
            #expect(report.kind == .inlineSigned && report.signatures.first?.status == .good && !report.coversWholeMessage)
            #expect(rendered.bodyText == """
                Forwarded below, unsigned words of mine.

                ▌ Begin signed block in part 1 (inline PGP): good signature
                I will pay on Friday.
                ▌ End of signed block in part 1
                P.S. not signed either

                """)
            #expect(rendered.securityLines.first == "▌ Only part 1 is signed (inline PGP, a block in the text); what is outside its borders is not.")
        }
    }

    @Test func onlyABlockIsTheWholeMessage() throws {
        try PGPMIMETests.withHome { home, renderer in
            let block = try home.gpg(["--clearsign", "--local-user", "alice@example.test"], input: Array("All of it.\n".utf8))
            let report = renderer.render(MessageParser.parse(SignedMail.plainMessage(block, from: PGPMIMETests.alice))).security.first
            #expect(report?.coversWholeMessage == true)
        }
    }

    @Test func editedClearsignedTextIsBad() throws {
        try PGPMIMETests.withHome { home, renderer in
            let block = try home.gpg(["--clearsign", "--local-user", "alice@example.test"], input: Array("I will pay 10.\n".utf8))
            let forged = Array(String(decoding: block, as: UTF8.self).replacingOccurrences(of: "pay 10", with: "pay 99").utf8)
            let rendered = renderer.render(MessageParser.parse(SignedMail.plainMessage(forged, from: PGPMIMETests.alice)))
            #expect(rendered.security.first?.signatures.first?.status == .bad)
        }
    }

    @Test func encryptedBlockIsDecrypted() throws {
        try PGPMIMETests.withHome { home, renderer in
            let block = try home.gpg(["--armor", "--encrypt", "--recipient", "bob@example.test", "--sign", "--local-user", "alice@example.test"],
                                     input: Array("Meet at noon.\n".utf8))
            let rendered = renderer.render(MessageParser.parse(SignedMail.plainMessage(block, from: PGPMIMETests.alice)))
            let report = try #require(rendered.security.first)
            #expect(report.kind == .inlineEncrypted && report.decrypted && report.signatures.first?.status == .good)
            #expect(rendered.bodyText.contains("▌ Begin encrypted block in part 1 (inline PGP): decrypted, good signature\nMeet at noon.\n▌ End"))
        }
    }

    @Test func truncatedArmourIsReportedNotShown() throws {
        try PGPMIMETests.withHome { home, renderer in
            let block = String(decoding: try home.gpg(["--armor", "--encrypt", "--recipient", "bob@example.test"], input: Array("Cut off.\n".utf8)), as: UTF8.self)
            let lines = block.split(separator: "\n", omittingEmptySubsequences: false)
            let cut = lines.prefix(lines.count / 2).joined(separator: "\n") + "\n"
            let rendered = renderer.render(MessageParser.parse(SignedMail.plainMessage(Array(cut.utf8), from: PGPMIMETests.alice)))
            let report = try #require(rendered.security.first)
            #expect(report.encrypted && !report.decrypted)
            #expect(report.failure != nil)
            #expect(rendered.securityLines.contains("▌   Could not be decrypted."))

            let signed = String(decoding: try home.gpg(["--clearsign", "--local-user", "alice@example.test"], input: Array("Half.\n".utf8)), as: UTF8.self)
            let signedCut = signed.components(separatedBy: "-----END PGP SIGNATURE-----")[0]
            let unchecked = renderer.render(MessageParser.parse(SignedMail.plainMessage(Array(signedCut.utf8), from: PGPMIMETests.alice)))
            #expect(unchecked.security.first?.signatures.allSatisfy { $0.status == .good } == false || unchecked.security.first?.failure != nil)
            #expect(unchecked.security.first?.isWarning == true)
            #expect(unchecked.bodyText.contains("Half."), "the text of an unchecked signed block is still shown")
        }
    }
}
