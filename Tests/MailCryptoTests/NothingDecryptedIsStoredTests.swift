import Foundation
import MailCrypto
import MailMessage
import MailStore
import MailUI
import TestSupport
import Testing

/// Encrypted mail is decrypted when it is opened, never before and never into the
/// store: not in the stored bytes, not in the search index, not after the pager showed it.
@Suite struct NothingDecryptedIsStoredTests {
    @Test func openingDecryptsButTheStoreAndIndexNeverHoldThePlaintext() throws {
        try PGPMIMETests.withHome { home, renderer in
            let scratch = try ScratchStore()
            let store = scratch.store
            let account = try store.ensureAccount(name: "work", kind: .imap, email: "bob@example.test")
            let folderId = try store.ensureFolder(accountId: account.id!, name: "INBOX").id!
            let secret = "zanzibarquokka"
            let entity = SignedMail.textEntity("The password is \(secret).")
            let encrypted = try SignedMail.encryptedMessage(entity, to: "bob@example.test", signer: "alice@example.test",
                                                            from: PGPMIMETests.alice, in: home, subject: "...")
            let inline = SignedMail.plainMessage(try home.gpg(["--armor", "--encrypt", "--recipient", "bob@example.test"],
                                                              input: Array("Inline \(secret) too.\n".utf8)), from: PGPMIMETests.alice)
            try store.storeMirrorHeaders(folderId: folderId, [encrypted, inline].enumerated().map { index, bytes in
                MailStore.MirrorHeader(uid: Int64(index + 1), flags: [], internalDate: nil, size: Int64(bytes.count), bytes: bytes, isComplete: true)
            })
            _ = try store.indexPendingBodies()
            let ids = try store.messages(inFolder: folderId, limit: 10).compactMap(\.id)
            #expect(ids.count == 2)

            // Opened in the reader: decrypted and shown.
            for id in ids {
                var content = try PagerContent(messageId: id, store: store, renderer: renderer)
                content.layout(width: 100)
                #expect(content.lines.contains { $0.text.contains(secret) })
                #expect(content.lines.contains { $0.role == .pagerSecurity || $0.role == .pagerSecurityWarning })
            }
            _ = try store.indexPendingBodies()

            // Not searchable, not in any file of the store.
            #expect(try store.messageCount(MessageQuery(folderId: nil, fullTextMatch: secret)) == 0)
            #expect(try store.messageCount(MessageQuery(folderId: nil, fullTextMatch: "password")) == 0)
            for id in ids {
                let raw = try #require(try store.rawMessage(id: id))
                #expect(!String(decoding: raw, as: UTF8.self).contains(secret))
            }
            let files = try FileManager.default.subpathsOfDirectory(atPath: scratch.dataDirectory)
            for file in files {
                let path = scratch.dataDirectory + "/" + file
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                #expect(data.range(of: Data(secret.utf8)) == nil, "\(file) holds decrypted text")
            }
        }
    }
}
