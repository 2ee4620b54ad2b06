import Foundation
import MailStore
import Testing

/// Downloaded bodies wait for the search index: `merle search` indexes them before it
/// searches, and `merle sync` indexes them at its end unless a first sync left many. The
/// end of `merle sync` also gives back the body packs' space of deleted messages.
@Suite struct StoreUpkeepCommandTests {
    /// A store in `folder` with `count` downloaded messages whose bodies wait for the index.
    func storeWithWaitingBodies(_ folder: TemporaryFolder, count: Int, word: String) throws -> MailStore {
        let store = try MailStore(path: MailStore.defaultPath(dataDirectory: folder.path))
        let account = try store.ensureAccount(name: "work", kind: .imap, email: "me@example.test")
        let inbox = try store.ensureFolder(accountId: account.id!, name: "INBOX")
        try store.storeMirrorHeaders(folderId: inbox.id!, (1...count).map { uid in
            let bytes = Array("From: <a@example.test>\r\nSubject: note \(uid)\r\nMessage-ID: <\(uid)@x>\r\n\r\n\(word) \(uid)\r\n".utf8)
            return MailStore.MirrorHeader(uid: Int64(uid), flags: [], internalDate: nil, size: Int64(bytes.count), bytes: bytes, isComplete: true)
        })
        #expect(try store.pendingSearchBodies() == count)
        return store
    }

    @Test func searchIndexesWaitingBodiesFirst() throws {
        let folder = try TemporaryFolder()
        let store = try storeWithWaitingBodies(folder, count: 30, word: "quince")
        let found = try MerleProcess.run(["search", "body:quince", "--data-dir", folder.path, "--limit", "100"])
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.output.split(separator: "\n").count == 30)
        #expect(try store.pendingSearchBodies() == 0)
    }

    /// An account whose server refuses connections: the sync fails, its end still runs.
    func unreachableConfig(_ folder: TemporaryFolder) throws -> String {
        try folder.write("config.toml", """
            [[account]]
            name = "work"
            email = "me@example.test"

            [account.imap]
            host = "127.0.0.1"
            port = 1
            tls = "implicit"
            user = "me"
            password_command = "echo secret"
            """)
    }

    @Test func syncIndexesAFewWaitingBodiesAndLeavesAFirstSyncsManyWithANote() throws {
        let few = try TemporaryFolder()
        let small = try storeWithWaitingBodies(few, count: 20, word: "medlar")
        let first = try MerleProcess.run(["sync", "--config", try unreachableConfig(few), "--data-dir", few.path])
        #expect(first.status == 1, "the account failed: \(first.output)")
        #expect(try small.pendingSearchBodies() == 0)
        #expect(!first.output.contains("wait to be indexed"))

        let many = try TemporaryFolder()
        let big = try storeWithWaitingBodies(many, count: 1_001, word: "sloe")
        let second = try MerleProcess.run(["sync", "--config", try unreachableConfig(many), "--data-dir", many.path])
        #expect(second.output.contains("search index: 1001 downloaded messages wait to be indexed"), "\(second.output)")
        #expect(try big.pendingSearchBodies() == 1_001)
    }

    @Test func syncGivesBackTheSpaceOfDeletedMessagesOnceThereIsEnough() throws {
        let folder = try TemporaryFolder()
        let store = try MailStore(path: MailStore.defaultPath(dataDirectory: folder.path))
        let account = try store.ensureAccount(name: "work", kind: .imap, email: "me@example.test")
        let inbox = try store.ensureFolder(accountId: account.id!, name: "INBOX")
        // 70 MB of deleted mail, more than the 64 MB at which compaction looks, and a
        // small message that stays.
        let line = Array(String(repeating: "x", count: 1022).utf8) + [0x0D, 0x0A]
        let big = Array("From: <a@example.test>\r\nSubject: big\r\n\r\n".utf8) + Array(repeating: line, count: 70 << 10).flatMap { $0 }
        let kept = Array("From: <a@example.test>\r\nSubject: kept\r\n\r\nstill here\r\n".utf8)
        let ids = try store.storeDownloaded(accountId: account.id!, folderId: inbox.id!, [big, kept].enumerated().map {
            MailStore.PreparedDownload(uidl: "u\($0.offset)", raw: $0.element, folderId: inbox.id!, downloadedAt: Date())
        })
        try store.deleteMessageLocally(id: ids[0])
        let pack = store.bodies.path(ofPack: 1)
        #expect(FileManager.default.fileExists(atPath: pack))

        let sync = try MerleProcess.run(["sync", "--config", try unreachableConfig(folder), "--data-dir", folder.path])
        #expect(sync.output.contains("message store: 70 MB of deleted messages given back to the disk"), "\(sync.output)")
        #expect(!FileManager.default.fileExists(atPath: pack))
        #expect(try store.rawMessage(id: ids[1]).map { [UInt8]($0) } == kept)
        #expect(try store.integrityProblems().isEmpty)

        // Nothing more to give back: the next sync says nothing about it.
        let again = try MerleProcess.run(["sync", "--config", try unreachableConfig(folder), "--data-dir", folder.path])
        #expect(!again.output.contains("message store:"), "\(again.output)")
    }
}
