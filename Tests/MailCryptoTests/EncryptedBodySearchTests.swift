import Foundation
import MailCrypto
import MailMessage
import MailStore
@testable import MailUI
import MerleConfig
import TestSupport
import Testing

/// Searching encrypted bodies is an opt-in per account (`search_encrypted`): the index
/// then holds those accounts' decrypted words, and only theirs; turning it off takes
/// them out again; a key locked behind a passphrase is never asked for in the
/// background, and its mail is indexed once the agent holds the passphrase.
@Suite struct EncryptedBodySearchTests {
    static let secret = "zanzibarquokka"

    /// An account with an INBOX holding `messages`; their ids.
    static func inbox(_ name: String, _ messages: [[UInt8]], in store: MailStore) throws -> [Int64] {
        let account = try store.ensureAccount(name: name, kind: .imap, email: "\(name)@example.test")
        let folderId = try store.ensureFolder(accountId: account.id!, name: "INBOX").id!
        try store.storeMirrorHeaders(folderId: folderId, messages.enumerated().map { index, bytes in
            MailStore.MirrorHeader(uid: Int64(index + 1), flags: [], internalDate: nil, size: Int64(bytes.count), bytes: bytes, isComplete: true)
        })
        return try store.messages(inFolder: folderId, limit: 10).compactMap(\.id)
    }

    /// The ids a full-text search finds, across every account.
    static func found(_ word: String, in store: MailStore) throws -> Set<Int64> {
        Set(try store.messageIds(MessageQuery(folderId: nil, fullTextMatch: word)))
    }

    /// The background's cryptography: the test keyring, never a pinentry.
    static func backgroundCryptography(_ home: GnuPGHome) -> MailCryptography {
        var cryptography = MailCryptography(gnupgHome: home.path)
        cryptography.pgp = PGPEngine(homeDirectory: home.path, passphrases: .cachedOnly)
        return cryptography
    }

    @Test func onlyOptedInAccountsAreSearchableAndOptingOutTakesTheWordsOut() throws {
        try PGPMIMETests.withHome { home, _ in
            let scratch = try ScratchStore()
            let store = scratch.store
            let encrypted = try SignedMail.encryptedMessage(SignedMail.textEntity("The password is \(Self.secret)."), to: "bob@example.test",
                                                            signer: nil, from: PGPMIMETests.alice, in: home, subject: "...")
            let work = try Self.inbox("work", [encrypted], in: store)
            let play = try Self.inbox("play", [encrypted], in: store)
            let workAccount = try store.accountId(named: "work")
            #expect(try store.useEncryptedBodySearch(EncryptedBodySearch(accountIds: [workAccount], cryptography: Self.backgroundCryptography(home))) == 0,
                    "nothing indexed yet, so nothing to index again")
            _ = try store.indexPendingBodies()
            #expect(try Self.found(Self.secret, in: store) == Set(work), "the opted-in account's message only")
            #expect(try store.decryptedSearchRows() == Set(work))

            // A copy carries its decrypted words, and is known to.
            try store.ensureFolder(accountId: workAccount, name: "Archive")
            let copies = try store.copyMessages(ids: work, to: "Archive")
            #expect(try store.decryptedSearchRows() == Set(work + copies))
            #expect(try Self.found(Self.secret, in: store) == Set(work + copies))

            // Turned off: every decrypted row is indexed again, without its words.
            #expect(try store.useEncryptedBodySearch(nil) == 2)
            _ = try store.indexPendingBodies()
            #expect(try Self.found(Self.secret, in: store).isEmpty)
            #expect(try store.decryptedSearchRows().isEmpty)
            #expect(try Self.found("password", in: store).isEmpty)

            // On again: the encrypted messages already indexed are queued and decrypted.
            let both = try store.accounts().compactMap(\.id)
            let queued = try store.useEncryptedBodySearch(EncryptedBodySearch(accountIds: Set(both), cryptography: Self.backgroundCryptography(home)))
            #expect(queued == 3)
            _ = try store.indexPendingBodies()
            let found = try Self.found(Self.secret, in: store)
            #expect(found == Set(work + copies + play), "\(found) \(work) \(copies) \(play)")
            #expect(try store.queueEncryptedBodiesForSearch() == 0, "all of it decrypted: nothing waits")
        }
    }

    @Test func aLockedKeyIsNeverAskedForAndItsMailIsIndexedOnceTheAgentHasThePassphrase() throws {
        let home = try GnuPGHome()
        defer { home.close() }
        // This agent keeps a passphrase it was given, as a user's does (the test homes keep none).
        try Data("default-cache-ttl 600\nmax-cache-ttl 600\n".utf8).write(to: URL(fileURLWithPath: home.path + "/gpg-agent.conf"))
        try home.makeKey(PGPMIMETests.alice)
        try home.makeKey("Carol <carol@example.test>", passphrase: "correct horse")
        let scratch = try ScratchStore()
        let store = scratch.store
        let encrypted = try SignedMail.encryptedMessage(SignedMail.textEntity("The password is \(Self.secret)."), to: "carol@example.test",
                                                        signer: nil, from: PGPMIMETests.alice, in: home, subject: "...")
        let ids = try Self.inbox("work", [encrypted], in: store)
        try store.useEncryptedBodySearch(EncryptedBodySearch(accountIds: [try store.accountId(named: "work")],
                                                             cryptography: Self.backgroundCryptography(home)))
        #expect(try store.indexPendingBodies() == 0, "indexed without its words, not left waiting for a passphrase")
        #expect(try Self.found(Self.secret, in: store).isEmpty)
        #expect(try store.decryptedSearchRows().isEmpty)

        // The user opens it (the agent asks once and keeps the passphrase); the reader
        // then asks the engine to index what waits (`indexEncryptedBodies`).
        let probe = try home.gpg(["--armor", "--encrypt", "--recipient", "carol@example.test"], input: Array("probe\n".utf8))
        let opened = try home.gpg(["--pinentry-mode", "loopback", "--passphrase", "correct horse", "--decrypt"], input: probe)
        #expect(String(decoding: opened, as: UTF8.self) == "probe\n")
        #expect(try store.queueEncryptedBodiesForSearch() == 1)
        _ = try store.indexPendingBodies()
        #expect(try Self.found(Self.secret, in: store) == Set(ids))
    }

    @Test func theConfigChoosesTheAccountsByName() throws {
        let scratch = try ScratchStore()
        let store = scratch.store
        _ = try Self.inbox("work", [], in: store)
        _ = try Self.inbox("play", [], in: store)
        let configuration = try ConfigLoader.parse("""
            [[account]]
            name = "work"
            email = "work@example.test"
            search_encrypted = true
            imap = { host = "127.0.0.1", user = "work" }
            [[account]]
            name = "play"
            email = "play@example.test"
            imap = { host = "127.0.0.1", user = "play" }
            """)
        #expect(configuration.accounts.map(\.searchEncrypted) == [true, false], "off unless asked for")
        try EncryptedSearchSetup.apply(accounts: configuration.accounts, settings: configuration.general, to: store)
        #expect(store.encryptedBodySearchAccounts == [try store.accountId(named: "work")])
        var off = configuration.accounts
        off[0].searchEncrypted = false
        try EncryptedSearchSetup.apply(accounts: off, settings: configuration.general, to: store)
        #expect(store.encryptedBodySearchAccounts.isEmpty)
    }
}
