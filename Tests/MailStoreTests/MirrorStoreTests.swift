import Foundation
import GRDB
import TestSupport
import Testing
@testable import MailStore

/// The mirror's store writes: idempotent batches, re-matching after a UIDVALIDITY
/// change, and folders that hold local-only messages.
@Suite struct MirrorStoreTests {
    private func raw(_ index: Int, id: String? = nil) -> [UInt8] {
        Array("From: a\(index)@example.test\r\nSubject: message \(index)\r\n\(id.map { "Message-ID: <\($0)>\r\n" } ?? "")\r\nbody \(index)\r\n".utf8)
    }

    private func header(_ uid: Int64, _ bytes: [UInt8], flags: [String] = [], complete: Bool = false) -> MailStore.MirrorHeader {
        MailStore.MirrorHeader(uid: uid, flags: flags, internalDate: Date(timeIntervalSince1970: 1_800_000_000), size: Int64(bytes.count),
                               bytes: bytes, isComplete: complete)
    }

    private func setUp() throws -> (ScratchStore, FolderRecord) {
        let scratch = try ScratchStore()
        let account = try scratch.store.ensureAccount(name: "a", kind: .imap, email: "a@example.test")
        let folder = try scratch.store.saveListedFolder(accountId: account.id!, name: "Box", delimiter: "/", specialUse: nil,
                                                        subscribed: true, selectable: true)
        try scratch.store.beginMirror(folderId: folder.id!, uidvalidity: 7)
        return (scratch, folder)
    }

    @Test func aResumedBatchUpdatesInsteadOfDuplicating() throws {
        let (scratch, folder) = try setUp()
        let store = scratch.store
        let batch = [header(2, raw(2, id: "m2@x")), header(1, raw(1, id: "m1@x"))]
        #expect(try store.storeMirrorHeaders(folderId: folder.id!, batch).inserted == 2)
        let again = try store.storeMirrorHeaders(folderId: folder.id!, [header(2, raw(2, id: "m2@x"), flags: ["\\Seen"])])
        #expect(again.inserted == 0 && again.updated == 1)
        #expect(try store.mirrorEntries(folderId: folder.id!)[2]?.flags == "\\Seen")
        #expect(try store.messagesWithoutBody(folderId: folder.id!).map(\.uid) == [2, 1])
        #expect(try store.storeMirrorBodies(folderId: folder.id!, [MailStore.PreparedBody(uid: 1, raw: raw(1, id: "m1@x"))]) == 1)
        #expect(try store.messagesWithoutBody(folderId: folder.id!).map(\.uid) == [2])
        #expect(try store.mirrorEntries(folderId: folder.id!).count == 2)
    }

    @Test func aNewUIDValidityRematchesByHashAndMessageIDAndKeepsLocalOnlyRows() throws {
        let (scratch, folder) = try setUp()
        let store = scratch.store
        try store.storeMirrorHeaders(folderId: folder.id!, [header(1, raw(1), complete: true), header(2, raw(2, id: "m2@x")),
                                                            header(3, raw(3, id: "m3@x"))])
        let before = try store.mirrorEntries(folderId: folder.id!)
        let localOnly = try store.database.write { db -> Int64 in
            var record = MessageRecord(folderId: folder.id!, uid: nil, subject: "local")
            try record.insert(db)
            return record.id!
        }
        #expect(try store.beginUIDValidityChange(folderId: folder.id!, uidvalidity: 8) == 3)
        #expect(try store.mirrorEntries(folderId: folder.id!).isEmpty)
        // Message 1 (no Message-ID) comes back by its bytes, message 2 by Message-ID and size.
        let outcome = try store.storeMirrorHeaders(folderId: folder.id!, [header(10, raw(1), complete: true), header(11, raw(2, id: "m2@x"))])
        #expect(outcome.rematched == 2 && outcome.inserted == 0)
        #expect(try store.finishRematch(folderId: folder.id!) == 1)
        let after = try store.mirrorEntries(folderId: folder.id!)
        #expect(after[10]?.id == before[1]?.id)
        #expect(after[11]?.id == before[2]?.id)
        #expect(try store.message(id: localOnly).subject == "local")
        #expect(try store.pendingRematches(folderId: folder.id!) == 0)
    }

    @Test func headerEndFindsTheEmptyLine() {
        #expect(MailStore.headerEnd(Array("A: b\r\n\r\nbody".utf8)) == 8)
        #expect(MailStore.headerEnd(Array("A: b\n\nbody".utf8)) == 6)
        #expect(MailStore.headerEnd(Array("A: b\r\n".utf8)) == 6)
    }

    @Test func recentBodiesAreChosenByInternalDate() throws {
        let (scratch, folder) = try setUp()
        let store = scratch.store
        var old = header(1, raw(1))
        old.internalDate = Date(timeIntervalSince1970: 1_700_000_000)
        var new = header(2, raw(2))
        new.internalDate = Date(timeIntervalSince1970: 1_800_000_000)
        try store.storeMirrorHeaders(folderId: folder.id!, [new, old])
        #expect(try store.messagesWithoutBody(folderId: folder.id!, since: Date(timeIntervalSince1970: 1_750_000_000)).map(\.uid) == [2])
        #expect(try store.messagesWithoutBody(folderId: folder.id!).map(\.uid) == [2, 1])
    }

    @Test func aGoneFolderWithLocalOnlyMessagesIsKept() throws {
        let (scratch, folder) = try setUp()
        let store = scratch.store
        try store.storeMirrorHeaders(folderId: folder.id!, [header(1, raw(1))])
        try store.database.write { db in
            var record = MessageRecord(folderId: folder.id!, uid: nil, subject: "local")
            try record.insert(db)
        }
        #expect(try store.removeMirrorFolder(id: folder.id!) == false)
        let kept = try store.mirrorFolders(accountId: folder.accountId)
        #expect(kept.count == 1 && kept[0].selectable == false)
        #expect(try store.messages(inFolder: folder.id!).map(\.subject) == ["local"])

        let other = try store.saveListedFolder(accountId: folder.accountId, name: "Other", delimiter: "/", specialUse: "\\Trash",
                                               subscribed: false, selectable: true)
        #expect(try store.removeMirrorFolder(id: other.id!))
        #expect(try store.mirrorFolders(accountId: folder.accountId).map(\.name) == ["Box"])
        #expect(StoreSchema.migrationNames.contains("v2-imap-mirror-rematch"))
    }
}
