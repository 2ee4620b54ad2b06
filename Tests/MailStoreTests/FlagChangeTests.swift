import Foundation
import GRDB
import TestSupport
import Testing
@testable import MailStore

/// A flag change is applied at once and journaled in the same transaction.
@Suite struct FlagChangeTests {
    @Test func addAndRemoveAreAppliedAndJournaledAsOperations() throws {
        let temporary = try ScratchStore()
        let store = temporary.store
        let account = try store.ensureAccount(name: "a", kind: .imap, email: "a@example.test")
        let inbox = try store.ensureFolder(accountId: account.id!, name: "INBOX")
        let id = try store.database.write { db -> Int64 in
            var message = MessageRecord(folderId: inbox.id!, uid: 5, flags: ["\\Seen", "$Label1"])
            try message.insert(db)
            return message.id!
        }
        #expect(try store.changeFlags(messageIds: [id], add: ["\\Flagged", "\\seen"], remove: ["\\Seen", "$Nope"]) == 1)
        let message = try store.message(id: id)
        #expect(message.hasFlag("\\Flagged"))
        #expect(!message.hasFlag("\\Seen"))
        #expect(message.hasFlag("$Label1"))
        let journal = try store.pendingJournal(accountId: account.id!)
        // Each entry says where the message was, for replay to find it again.
        let location = MessageLocation(folder: "INBOX", uidValidity: nil, uid: 5, messageID: nil, size: 0)
        #expect(journal.compactMap(JournalOperation.init(entry:)) == [
            .addFlags(messageId: id, flags: ["\\Flagged"], at: location), .removeFlags(messageId: id, flags: ["\\Seen"], at: location),
        ])
        // Nothing to change: nothing journaled.
        #expect(try store.changeFlags(messageIds: [id], add: ["\\Flagged"], remove: []) == 0)
        #expect(try store.pendingJournal(accountId: account.id!).count == 2)
    }

    @Test func anUnknownMessageChangesNothing() throws {
        let temporary = try ScratchStore()
        let store = temporary.store
        let account = try store.ensureAccount(name: "a", kind: .imap, email: "a@example.test")
        let inbox = try store.ensureFolder(accountId: account.id!, name: "INBOX")
        let id = try store.database.write { db -> Int64 in
            var message = MessageRecord(folderId: inbox.id!, uid: 5)
            try message.insert(db)
            return message.id!
        }
        #expect(throws: StoreError.self) { try store.changeFlags(messageIds: [id, 999], add: ["\\Flagged"], remove: []) }
        #expect(!(try store.message(id: id).hasFlag("\\Flagged")), "the whole change is one transaction")
        #expect(try store.pendingJournal(accountId: account.id!).isEmpty)
    }
}
