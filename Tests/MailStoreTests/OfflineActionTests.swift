import Foundation
import GRDB
import TestSupport
import Testing
@testable import MailStore

/// The store side of offline actions: each changes the store at once and journals the
/// server's part in the same transaction; replay outcomes map placeholders.
struct OfflineActionTests {
    /// An IMAP account with INBOX (3 mirrored messages), Archive-less, a Trash and "Work".
    final class Fixture {
        let temporary: ScratchStore
        var store: MailStore { temporary.store }
        let accountId: Int64
        var folders: [String: FolderRecord] = [:]
        var ids: [Int64] = []

        init(kind: AccountRecord.Kind = .imap) throws {
            temporary = try ScratchStore()
            let store = temporary.store
            accountId = try store.ensureAccount(name: "work", kind: kind, email: "me@example.test").id!
            for (name, role) in [("INBOX", nil), ("Trash", "\\Trash"), ("Work", nil)] as [(String, String?)] {
                var folder = try store.saveListedFolder(accountId: accountId, name: name, delimiter: "/", specialUse: role,
                                                        subscribed: true, selectable: true)
                try store.beginMirror(folderId: folder.id!, uidvalidity: 7)
                folder.uidvalidity = 7
                folders[name] = folder
            }
            let headers = (1...3).map { index in
                MailStore.MirrorHeader(uid: Int64(index * 10), flags: index == 1 ? ["\\Seen"] : [], internalDate: Date(), size: 40,
                                       bytes: Array("Message-ID: <m\(index)@x>\r\nSubject: m\(index)\r\n\r\nbody \(index)\r\n".utf8),
                                       isComplete: true)
            }
            try store.storeMirrorHeaders(folderId: folders["INBOX"]!.id!, headers)
            ids = try store.messages(inFolder: folders["INBOX"]!.id!).map(\.id!).sorted()
        }

        func operations() throws -> [JournalOperation] {
            try store.journal(accountId: accountId).compactMap(JournalOperation.init(entry:))
        }
    }

    @Test func moveLeavesAPlaceholderAndJournalsWhereTheMessageWas() throws {
        let fixture = try Fixture()
        let store = fixture.store
        #expect(try store.moveMessages(ids: [fixture.ids[0]], to: "Work") == 1)
        let moved = try store.message(id: fixture.ids[0])
        #expect(moved.folderId == fixture.folders["Work"]!.id)
        #expect(moved.uid == nil, "the UID belongs to the old folder")
        #expect(try store.rawMessage(id: fixture.ids[0]) != nil, "the body moves with the row")
        #expect(try fixture.operations() == [.move(messageId: fixture.ids[0],
                                                    from: MessageLocation(folder: "INBOX", uidValidity: 7, uid: 10, messageID: "m1@x", size: 40),
                                                    to: "Work")])
        // The mirror must not bring the UID back into INBOX while the move waits.
        #expect(try store.pendingRemovals(folder: fixture.folders["INBOX"]!) == [10])
        #expect(try store.moveMessages(ids: [fixture.ids[0]], to: "Work") == 0, "moving to where it is does nothing")
        #expect(throws: StoreError.self) { try store.moveMessages(ids: [fixture.ids[1]], to: "Nowhere") }
    }

    @Test func copyDuplicatesRowBodyAndSearchText() throws {
        let fixture = try Fixture()
        let store = fixture.store
        let copies = try store.copyMessages(ids: [fixture.ids[1]], to: "Work")
        let copy = try store.message(id: copies[0])
        #expect(copy.folderId == fixture.folders["Work"]!.id && copy.uid == nil && copy.subject == "m2")
        #expect(try store.rawMessage(id: copies[0]) == store.rawMessage(id: fixture.ids[1]))
        #expect(try store.message(id: fixture.ids[1]).folderId == fixture.folders["INBOX"]!.id, "the original stays")
        guard case let .copy(source, from, to, copyId)? = try fixture.operations().first else {
            Issue.record("no copy journaled")
            return
        }
        #expect(source == fixture.ids[1] && from.uid == 20 && to == "Work" && copyId == copies[0])
    }

    @Test func deleteGoesToTrashThenForGood() throws {
        let fixture = try Fixture()
        let store = fixture.store
        #expect(try store.deleteMessages(ids: [fixture.ids[2]]) == MailStore.DeleteOutcome(movedToTrash: 1, expunged: 0))
        #expect(try store.message(id: fixture.ids[2]).folderId == fixture.folders["Trash"]!.id)
        #expect(try store.deleteMessages(ids: [fixture.ids[2]]) == MailStore.DeleteOutcome(movedToTrash: 0, expunged: 1))
        #expect(throws: StoreError.self) { try store.message(id: fixture.ids[2]) }
        #expect(try fixture.operations().map(\.name) == ["move", "expunge"])
        guard case let .expunge(_, at)? = try fixture.operations().last else { return }
        #expect(at.folder == "Trash" && at.uid == nil, "expunging the placeholder: replay finds it by its mapped UID or Message-ID")
    }

    @Test func expungingSomethingNeverUploadedCancelsItsJournal() throws {
        let fixture = try Fixture()
        let store = fixture.store
        let copy = try store.copyMessages(ids: [fixture.ids[0]], to: "Work")[0]
        try store.changeFlags(messageIds: [copy], add: ["\\Flagged"], remove: [])
        #expect(try store.expungeMessages(ids: [copy]) == 1)
        #expect(try fixture.operations().isEmpty, "copy, flag and expunge cancel out: nothing to tell the server")
    }

    @Test func archiveCreatesTheFolderWhenMissing() throws {
        let fixture = try Fixture()
        let store = fixture.store
        #expect(try store.archiveMessages(ids: [fixture.ids[0], fixture.ids[1]]) == 2)
        let archive = try store.folder(named: "Archive", account: "work")
        #expect(try store.messages(inFolder: archive.id!).count == 2)
        #expect(try fixture.operations().map(\.name) == ["folder-create", "move", "move"])
        #expect(try store.pendingFolderNames(accountId: fixture.accountId).keep == ["Archive"])
    }

    @Test func folderActionsAreJournaledAndGuarded() throws {
        let fixture = try Fixture()
        let store = fixture.store
        try store.createFolder(account: "work", name: "Projects")
        try store.renameFolder(account: "work", from: "Work", to: "Jobs")
        try store.deleteFolder(account: "work", name: "Projects")
        #expect(try fixture.operations() == [.createFolder(name: "Projects"), .renameFolder(from: "Work", to: "Jobs"),
                                             .deleteFolder(name: "Projects")])
        let pending = try store.pendingFolderNames(accountId: fixture.accountId)
        #expect(pending.keep == ["Jobs"] && pending.hide == ["Work", "Projects"])
        #expect(throws: StoreError.self) { try store.createFolder(account: "work", name: "Jobs") }
        #expect(throws: StoreError.self) { try store.createFolder(account: "work", name: "bad\u{1B}[2Jname") }
        #expect(throws: StoreError.self) { try store.deleteFolder(account: "work", name: "INBOX") }
        // A folder holding a message that exists only here cannot be deleted.
        try store.moveMessages(ids: [fixture.ids[0]], to: "Jobs")
        #expect(throws: StoreError.self) { try store.deleteFolder(account: "work", name: "Jobs") }
    }

    @Test func replayedUIDReachesThePlaceholderAndLaterEntriesThroughARename() throws {
        let fixture = try Fixture()
        let store = fixture.store
        let id = fixture.ids[0]
        try store.moveMessages(ids: [id], to: "Work")
        try store.changeFlags(messageIds: [id], add: ["\\Flagged"], remove: [])
        try store.renameFolder(account: "work", from: "Work", to: "Jobs")
        try store.changeFlags(messageIds: [id], add: ["$Label1"], remove: [])
        let entries = try store.journal(accountId: fixture.accountId)
        try store.completeJournal(id: entries[0].id!, placed: id, in: "Work", uidValidity: 7, uid: 99)
        #expect(try store.message(id: id).uid == 99, "the placeholder, now in Jobs, gets the UID the server gave")
        let operations = try fixture.operations()
        #expect(operations.count == 3)
        #expect(operations[0].messageTarget?.location?.uid == 99 && operations[0].messageTarget?.location?.folder == "Work")
        #expect(operations[2].messageTarget?.location?.uid == 99 && operations[2].messageTarget?.location?.folder == "Jobs")
    }

    @Test func aPlaceholderMovedAwayAndBackKeepsItsLaterPlace() throws {
        let fixture = try Fixture()
        let store = fixture.store
        let copy = try store.copyMessages(ids: [fixture.ids[0]], to: "Work")[0]
        try store.moveMessages(ids: [copy], to: "INBOX")
        try store.moveMessages(ids: [copy], to: "Work")
        try store.changeFlags(messageIds: [copy], add: ["\\Flagged"], remove: [])
        let entries = try store.journal(accountId: fixture.accountId)
        // The copy's UID belongs to its first stay in Work, not to the one after moving back.
        try store.completeJournal(id: entries[0].id!, placed: copy, in: "Work", uidValidity: 7, uid: 41)
        let operations = try fixture.operations()
        #expect(operations[0].messageTarget?.location?.uid == 41, "the move out of Work learns the UID")
        #expect(operations[2].messageTarget?.location?.uid == nil, "the flag acts on the later stay, still unknown")
        #expect(try store.message(id: copy).uid == nil)
    }

    @Test func serverFlagsDoNotUndoPendingLocalChanges() throws {
        let fixture = try Fixture()
        let store = fixture.store
        let inbox = fixture.folders["INBOX"]!.id!
        try store.changeFlags(messageIds: [fixture.ids[1]], add: ["\\Flagged"], remove: [])
        try store.changeFlags(messageIds: [fixture.ids[0]], add: [], remove: ["\\Seen"])
        // Meanwhile another client answered message 2 and the server reports its flags.
        try store.applyMirrorFlags(folderId: inbox, changes: [.init(uid: 20, flags: ["\\Answered"]), .init(uid: 10, flags: ["\\Seen", "$X"])])
        #expect(Set(try store.message(id: fixture.ids[1]).flagList) == ["\\Answered", "\\Flagged"])
        #expect(Set(try store.message(id: fixture.ids[0]).flagList) == ["$X"])
    }

    @Test func anUnmatchedAwaitingPlaceholderIsMatchedByTheNextSync() throws {
        let fixture = try Fixture()
        let store = fixture.store
        try store.moveMessages(ids: [fixture.ids[2]], to: "Work")
        let entry = try store.journal(accountId: fixture.accountId)[0]
        try store.completeJournal(id: entry.id!, awaitingMatch: fixture.ids[2], in: "Work")
        let work = fixture.folders["Work"]!.id!
        #expect(try store.pendingRematches(folderId: work) == 1)
        let header = MailStore.MirrorHeader(uid: 5, flags: ["\\Seen"], internalDate: Date(), size: 40,
                                            bytes: Array("Message-ID: <m3@x>\r\nSubject: m3\r\n\r\nbody 3\r\n".utf8), isComplete: true)
        #expect(try store.storeMirrorHeaders(folderId: work, [header]).rematched == 1)
        #expect(try store.message(id: fixture.ids[2]).uid == 5, "the same row, now with its server UID")
    }

    @Test func localAccountsChangeWithoutAJournal() throws {
        let fixture = try Fixture(kind: .local)
        #expect(try fixture.store.deleteMessages(ids: [fixture.ids[0]]).movedToTrash == 1)
        try fixture.store.changeFlags(messageIds: [fixture.ids[1]], add: ["\\Flagged"], remove: [])
        #expect(try fixture.operations().isEmpty)
    }

    @Test func draftsAreSavedReplacedAndJournaled() throws {
        let fixture = try Fixture()
        let store = fixture.store
        let first = try store.saveDraft(accountId: try store.accountId(named: "work"), raw: Data("Message-ID: <d1@x>\r\nSubject: plan\r\n\r\nv1\r\n".utf8))
        let drafts = try store.folder(named: "Drafts", account: "work")
        #expect(drafts.specialUse == "\\Drafts")
        #expect(try store.message(id: first).hasFlag("\\Draft"))
        let second = try store.saveDraft(accountId: try store.accountId(named: "work"), raw: Data("Message-ID: <d2@x>\r\nSubject: plan\r\n\r\nv2\r\n".utf8), replacing: first)
        #expect(try store.messages(inFolder: drafts.id!).map(\.id) == [second])
        // The first version never reached the server: its APPEND is simply gone.
        #expect(try fixture.operations() == [.createFolder(name: "Drafts"), .append(messageId: second, to: "Drafts", flags: ["\\Seen", "\\Draft"])])
        #expect(throws: StoreError.self) { try store.saveDraft(accountId: try store.accountId(named: "work"), raw: Data("Subject: x\r\n\r\n".utf8), replacing: fixture.ids[0]) }
    }
}
