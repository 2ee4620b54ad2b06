import Foundation
import MailCrypto
import MailMessage
import MailStore
import MailUI
import TestSupport
import Testing

/// The display attacks of "Johnny, You Are Fired! Spoofing OpenPGP and S/MIME
/// Signatures in Emails" (Müller et al., USENIX Security 2019), one test per class:
/// each must leave Merle's status saying exactly what is signed, by whom.
@Suite struct DisplayAttackTests {
    static let mallory = "Mallory <mallory@evil.test>"

    /// The block's lines are the ones between the header lines and the first empty line.
    static func statusSection(_ rendered: RenderedMessage) -> [String] {
        let text = rendered.fullText
        let head = text.components(separatedBy: "\n\n")[0]
        return head.split(separator: "\n").map(String.init).filter(SecurityMarker.isOwnLine)
    }

    /// Mallory signs with his own key but puts Alice in the display name, or in From.
    @Test func spoofedDisplayName() throws {
        try PGPMIMETests.withHome { home, renderer in
            try home.makeKey(Self.mallory)
            let named = try SignedMail.signedMessage("Please wire the money.", by: "mallory@evil.test",
                                                     from: "\"Alice <alice@example.test>\" <mallory@evil.test>", in: home)
            let rendered = renderer.render(MessageParser.parse(named))
            let signature = try #require(rendered.security.first?.signatures.first)
            #expect(signature.status == .good && signature.signer == Self.mallory && signature.matchesFrom)
            // The block names the signer's key and the From mailbox, never the display name.
            #expect(rendered.securityLines.contains("▌   Good signature from Mallory <mallory@evil.test>"))
            #expect(rendered.securityLines.contains("▌     The signer's address is the From address (mallory@evil.test)."))

            let stolen = try SignedMail.signedMessage("Please wire the money.", by: "mallory@evil.test", from: PGPMIMETests.alice, in: home)
            let spoofed = renderer.render(MessageParser.parse(stolen))
            #expect(spoofed.security.first?.signatures.first?.matchesFrom == false)
            #expect(spoofed.security.first?.isWarning == true)
            #expect(spoofed.securityLines.contains("▌     Warning: the From address (alice@example.test) is not the signer's (mallory@evil.test)."))
        }
    }

    /// Alice's signed message forwarded inside Mallory's unsigned one: only the inner part
    /// is signed, and Mallory's text stands outside the borders.
    @Test func signedMessageWrappedInAnUnsignedOne() throws {
        try PGPMIMETests.withHome { home, renderer in
            let inner = try SignedMail.signedMessage("I, Alice, agree.", by: "alice@example.test", from: PGPMIMETests.alice, in: home)
            var raw = SignedMail.crlf(SignedMail.header(from: Self.mallory, subject: "Fwd", type: "multipart/mixed; boundary=\"wrap\"")
                + ["", "--wrap", "Content-Type: text/plain", "", "Alice also agrees to pay Mallory 1000 EUR.", "--wrap",
                   "Content-Type: message/rfc822", "Content-Disposition: inline", "", ""])
            raw += inner + SignedMail.crlf(["", "--wrap--", ""])
            let rendered = renderer.render(MessageParser.parse(raw))
            let report = try #require(rendered.security.first)
            #expect(!report.coversWholeMessage)
            #expect(report.signatures.first?.status == .good)
            // Compared with the outer From, which Mallory wrote: no match.
            #expect(report.signatures.first?.matchesFrom == false)
            #expect(rendered.securityLines.first?.hasPrefix("▌ Only part 3 is signed") == true)
            let body = rendered.bodyText
            let attack = try #require(body.range(of: "Alice also agrees"))
            let border = try #require(body.range(of: "▌ Begin signed part 3"))
            #expect(attack.upperBound < border.lowerBound)
        }
    }

    /// A valid detached signature, or a signed message, sent as an attachment is not the
    /// message's signature.
    @Test func signatureInAnAttachment() throws {
        try PGPMIMETests.withHome { home, renderer in
            let text = "Pay Mallory."
            let signature = try home.gpg(["--armor", "--detach-sign", "--local-user", "alice@example.test"], input: Array(text.utf8))
            var raw = SignedMail.crlf(SignedMail.header(from: PGPMIMETests.alice, subject: "Sig", type: "multipart/mixed; boundary=\"att\"")
                + ["", "--att", "Content-Type: text/plain", "", text, "--att",
                   "Content-Type: application/pgp-signature; name=\"signature.asc\"", "Content-Disposition: attachment", "", ""])
            raw += signature + SignedMail.crlf(["--att--", ""])
            let rendered = renderer.render(MessageParser.parse(raw))
            #expect(rendered.security.isEmpty && rendered.securityLines == [SecurityReport.unsignedLine])
            #expect(!rendered.bodyText.contains("▌"))

            let signed = try SignedMail.signedMessage("I, Alice, agree.", by: "alice@example.test", from: PGPMIMETests.alice, in: home)
            var attached = SignedMail.crlf(SignedMail.header(from: PGPMIMETests.alice, subject: "Att", type: "multipart/mixed; boundary=\"att\"")
                + ["", "--att", "Content-Type: text/plain", "", "See the attachment.", "--att",
                   "Content-Type: message/rfc822; name=\"signed.eml\"", "Content-Disposition: attachment; filename=\"signed.eml\"", "", ""])
            attached += signed + SignedMail.crlf(["", "--att--", ""])
            #expect(renderer.render(MessageParser.parse(attached)).security.isEmpty)
        }
    }

    /// The Subject, Date and From are not under the signature: changing them keeps the
    /// signature good, so the block says so, and a changed From shows as a mismatch.
    @Test func headersOutsideTheSignature() throws {
        try PGPMIMETests.withHome { home, renderer in
            let raw = try SignedMail.signedMessage("See you at ten.", by: "alice@example.test", from: PGPMIMETests.alice, in: home, subject: "Meeting")
            let edited = String(decoding: raw, as: UTF8.self)
                .replacingOccurrences(of: "Subject: Meeting", with: "Subject: You are fired")
                .replacingOccurrences(of: "From: Alice <alice@example.test>", with: "From: Boss <boss@example.test>")
            let rendered = renderer.render(MessageParser.parse(Array(edited.utf8)))
            let signature = try #require(rendered.security.first?.signatures.first)
            #expect(signature.status == .good && !signature.matchesFrom)
            #expect(rendered.securityLines.contains("▌   The header fields (Subject, Date, To) are outside the signature."))
            #expect(rendered.securityLines.contains { $0.hasPrefix("▌     Warning: the From address (boss@example.test)") })
        }
    }

    /// Text written to look like Merle's status, in an unsigned body, in a header and in
    /// a signed part, never becomes one of Merle's lines.
    @Test func statusTextWrittenByTheAttacker() throws {
        try PGPMIMETests.withHome { home, renderer in
            let fake = "▌ The whole message is signed (PGP/MIME).\n▌   Good signature from Alice <alice@example.test>\n▌ Begin signed part 1 (PGP/MIME): good signature"
            var plain = SignedMail.plainMessage(Array(fake.utf8), from: PGPMIMETests.alice)
            plain = Array(String(decoding: plain, as: UTF8.self).replacingOccurrences(of: "Subject: Plain", with: "Subject: ok\r\n▌ Status: Good signature").utf8)
            for showsAll in [false, true] {
                var allHeaders = renderer
                allHeaders.showsAllHeaders = showsAll
                let rendered = allHeaders.render(MessageParser.parse(plain))
                #expect(rendered.security.isEmpty)
                // Merle's own status of a plain message, and nothing else, in the header section.
                #expect(Self.statusSection(rendered) == ["▌ Not signed and not encrypted."])
                #expect(!rendered.bodyText.contains("▌") && !rendered.headerLines.joined().contains("▌"))
                #expect(rendered.bodyText.contains("| The whole message is signed"))
            }

            let signedFake = try SignedMail.signedMessage(fake, by: "alice@example.test", from: PGPMIMETests.alice, in: home)
            let rendered = renderer.render(MessageParser.parse(signedFake))
            let own = rendered.bodyText.split(separator: "\n").filter(SecurityMarker.isOwnLine)
            #expect(own == ["▌ Begin signed part 1 (PGP/MIME): good signature", "▌ End of signed part 1"])
            #expect(Self.statusSection(rendered) == rendered.securityLines)
        }
    }

    /// In the pager, only Merle's own lines are drawn in the security roles: a fake
    /// status in the body stays in the body's role, whatever it looks like.
    @Test func statusTextIsNeverDrawnAsMerlesInThePager() throws {
        try PGPMIMETests.withHome { _, renderer in
            let scratch = try ScratchStore()
            let account = try scratch.store.ensureAccount(name: "work", kind: .imap, email: "bob@example.test")
            let folderId = try scratch.store.ensureFolder(accountId: account.id!, name: "INBOX").id!
            let fake = "▌ The whole message is signed (PGP/MIME).\n▌   Good signature from Alice <alice@example.test>\n"
            let raw = SignedMail.plainMessage(Array(fake.utf8), from: PGPMIMETests.alice)
            try scratch.store.storeMirrorHeaders(folderId: folderId, [
                MailStore.MirrorHeader(uid: 1, flags: [], internalDate: nil, size: Int64(raw.count), bytes: raw, isComplete: true),
            ])
            let id = try #require(try scratch.store.messages(inFolder: folderId, limit: 1).first?.id)
            var content = try PagerContent(messageId: id, store: scratch.store, renderer: renderer)
            content.layout(width: 100)
            let drawnAsMerle = content.lines.filter { [.pagerSecurity, .pagerSecurityWarning, .pagerSecurityPlain].contains($0.role) }.map(\.text)
            #expect(drawnAsMerle == ["▌ Not signed and not encrypted."])
            #expect(content.lines.contains { $0.text == "| Good signature from Alice <alice@example.test>" || $0.text.hasPrefix("|   Good signature") })
        }
    }

    /// An attachment added beside a signed part is not signed; one inside it is, and the
    /// attachment list says which.
    @Test func attachmentsSayWhetherASignatureCoversThem() throws {
        try PGPMIMETests.withHome { home, renderer in
            let inner = SignedMail.crlf(["Content-Type: multipart/mixed; boundary=\"in\"", "", "--in", "Content-Type: text/plain", "", "Contract attached.",
                                         "--in", "Content-Type: application/pdf; name=\"contract.pdf\"", "Content-Disposition: attachment; filename=\"contract.pdf\"",
                                         "", "%PDF-1.4 signed", "--in--", ""])
            let (body, boundary) = try SignedMail.pgpSigned(inner, by: "alice@example.test", in: home)
            var raw = SignedMail.crlf(SignedMail.header(from: PGPMIMETests.alice, subject: "Contract", type: "multipart/mixed; boundary=\"out\"")
                + ["", "--out", "Content-Type: multipart/signed; micalg=pgp-sha256; protocol=\"application/pgp-signature\"; boundary=\"\(boundary)\"", "", ""])
            raw += body + SignedMail.crlf(["--out", "Content-Type: application/pdf; name=\"invoice.pdf\"", "Content-Disposition: attachment; filename=\"invoice.pdf\"",
                                           "", "%PDF-1.4 added later", "--out--", ""])
            let rendered = renderer.render(MessageParser.parse(raw))
            #expect(rendered.security.first?.signatures.first?.status == .good)
            let covered = Dictionary(uniqueKeysWithValues: rendered.attachments.map { ($0.filename, $0.coveredBy) })
            #expect(covered["contract.pdf"] == .some("signed part 2"))
            #expect(covered["invoice.pdf"] == .some(nil))
            #expect(covered["signature.asc"] == .some(nil))
            #expect(rendered.fullText.contains("contract.pdf (application/pdf, 15 bytes, in signed part 2)"))
            #expect(rendered.fullText.contains("invoice.pdf (application/pdf, 20 bytes)\n"))
        }
    }
}
