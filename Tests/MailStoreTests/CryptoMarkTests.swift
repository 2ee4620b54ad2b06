import Foundation
import TestSupport
import Testing
import MailMessage
@testable import MailStore

/// The index's signed and encrypted letters come from the top Content-Type of the header
/// alone (v13 migration): known before the body is downloaded, with no cryptography.
@Suite struct CryptoMarkTests {
    @Test func markedFromTheHeaderAlone() throws {
        let scratch = try ScratchStore()
        let store = scratch.store
        let account = try store.ensureAccount(name: "work", kind: .imap, email: "me@example.test")
        let folderId = try store.ensureFolder(accountId: account.id!, name: "INBOX").id!
        let types = [
            "multipart/signed; protocol=\"application/pgp-signature\"; micalg=pgp-sha256; boundary=b",
            "multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=b",
            "application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m",
            "application/pkcs7-mime; smime-type=signed-data; name=smime.p7m",
            "text/plain; charset=utf-8",
        ]
        try store.storeMirrorHeaders(folderId: folderId, types.enumerated().map { index, type in
            let bytes = Array("From: a@example.test\r\nSubject: \(index)\r\nContent-Type: \(type)\r\n\r\n".utf8)
            return MailStore.MirrorHeader(uid: Int64(index + 1), flags: [], internalDate: nil, size: 1000, bytes: bytes)
        })
        let marks = try store.messages(inFolder: folderId, limit: 10).sorted { ($0.uid ?? 0) < ($1.uid ?? 0) }.map(\.cryptoMark)
        #expect(marks == [.signed, .encrypted, .encrypted, .signed, nil])
        #expect(try store.integrityProblems().isEmpty)
    }

    /// The signature part and the ciphertext are not attachments: `@` stays for files.
    @Test func signaturesAndCiphertextAreNotAttachments() {
        func parts(_ type: String, _ lines: [String]) -> MIMEMessage {
            MessageParser.parse(Array((["From: a@example.test", "Content-Type: \(type)", ""] + lines + [""]).joined(separator: "\r\n").utf8))
        }
        let signed = parts("multipart/signed; protocol=\"application/pgp-signature\"; boundary=b",
                           ["--b", "Content-Type: text/plain", "", "Hi", "--b", "Content-Type: application/pgp-signature; name=signature.asc", "", "sig", "--b--"])
        let encrypted = parts("multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=b",
                              ["--b", "Content-Type: application/pgp-encrypted", "", "Version: 1", "--b",
                               "Content-Type: application/octet-stream; name=encrypted.asc", "", "cipher", "--b--"])
        let smime = parts("application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m", ["AAAA"])
        let signedWithFile = parts("multipart/signed; protocol=\"application/pgp-signature\"; boundary=b",
                                   ["--b", "Content-Type: multipart/mixed; boundary=m", "", "--m", "Content-Type: text/plain", "", "Hi", "--m",
                                    "Content-Type: application/pdf; name=a.pdf", "", "%PDF", "--m--", "--b",
                                    "Content-Type: application/pgp-signature", "", "sig", "--b--"])
        #expect(!MailStore.hasAttachment(signed))
        #expect(!MailStore.hasAttachment(encrypted))
        #expect(!MailStore.hasAttachment(smime))
        #expect(MailStore.hasAttachment(signedWithFile))
    }
}
