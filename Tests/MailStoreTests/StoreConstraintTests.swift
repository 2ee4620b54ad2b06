import Foundation
import GRDB
import TestSupport
import Testing
@testable import MailStore

/// The schema, not the code, refuses bad data: "trust SQLite more than yourself".
@Suite struct StoreConstraintTests {
    let temporary: ScratchStore
    var database: DatabasePool { temporary.store.database }

    init() throws {
        temporary = try ScratchStore()
    }

    func makeAccount(_ db: Database, name: String = "work") throws -> AccountRecord {
        var account = AccountRecord(name: name, kind: .imap, email: "\(name)@example.test")
        try account.insert(db)
        return account
    }

    func makeFolder(_ db: Database, account: AccountRecord, name: String = "INBOX") throws -> FolderRecord {
        var folder = FolderRecord(accountId: account.id!, name: name)
        try folder.insert(db)
        return folder
    }

    func isConstraintViolation(_ error: any Error) -> Bool {
        (error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT
    }

    @Test func accountNamesAreUnique() throws {
        try database.write { db in _ = try makeAccount(db) }
        #expect { try database.write { db in _ = try makeAccount(db) } } throws: { isConstraintViolation($0) }
    }

    @Test func accountKindIsChecked() throws {
        #expect {
            try database.write { db in
                try db.execute(sql: "INSERT INTO account (name, kind, email) VALUES ('x', 'smtp', 'x@y')")
            }
        } throws: { isConstraintViolation($0) }
    }

    @Test func requiredColumnsAreNotNull() throws {
        #expect {
            try database.write { db in try db.execute(sql: "INSERT INTO account (name, kind) VALUES ('x', 'imap')") }
        } throws: { isConstraintViolation($0) }
    }

    @Test func folderNeedsAnExistingAccountAndAUniqueName() throws {
        #expect {
            try database.write { db in
                var folder = FolderRecord(accountId: 999, name: "INBOX")
                try folder.insert(db)
            }
        } throws: { isConstraintViolation($0) }
        try database.write { db in
            let account = try makeAccount(db)
            _ = try makeFolder(db, account: account)
        }
        #expect {
            try database.write { db in
                let account = try AccountRecord.fetchOne(db)!
                _ = try makeFolder(db, account: account)
            }
        } throws: { isConstraintViolation($0) }
    }

    @Test func uidIsUniquePerFolderButFreeAcrossFolders() throws {
        try database.write { db in
            let account = try makeAccount(db)
            let inbox = try makeFolder(db, account: account)
            let archive = try makeFolder(db, account: account, name: "Archive")
            var first = MessageRecord(folderId: inbox.id!, uid: 7)
            try first.insert(db)
            var elsewhere = MessageRecord(folderId: archive.id!, uid: 7)
            try elsewhere.insert(db)
            // Local placeholders have no UID yet: several may coexist.
            var local1 = MessageRecord(folderId: inbox.id!, uid: nil)
            var local2 = MessageRecord(folderId: inbox.id!, uid: nil)
            try local1.insert(db)
            try local2.insert(db)
        }
        #expect {
            try database.write { db in
                let inbox = try FolderRecord.filter(Column("name") == "INBOX").fetchOne(db)!
                var duplicate = MessageRecord(folderId: inbox.id!, uid: 7)
                try duplicate.insert(db)
            }
        } throws: { isConstraintViolation($0) }
    }

    @Test func deletingAFolderCascadesToMessagesBodiesAndIndex() throws {
        try database.write { db in
            let account = try makeAccount(db)
            let inbox = try makeFolder(db, account: account)
            var message = MessageRecord(folderId: inbox.id!, uid: 1, subject: "hello")
            try message.insert(db)
            try db.execute(sql: "INSERT INTO message_body (message_id, raw) VALUES (?, ?)", arguments: [message.id, Data("x".utf8)])
            try db.execute(sql: "INSERT INTO message_fts (rowid, subject, addresses, body) VALUES (?, 'hello', '', '')", arguments: [message.id])
            _ = try inbox.delete(db)
        }
        func counts() throws -> [Int] {
            try database.read { db in
                [try Int.fetchOne(db, sql: "SELECT count(*) FROM message")!,
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM message_body")!,
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM message_fts")!]
            }
        }
        // The index row waits for the purge (deferred: FTS5 deletes are slow), then goes.
        #expect(try counts() == [0, 0, 1])
        #expect(try temporary.store.staleSearchRows() == 1)
        #expect(try temporary.store.purgeSearchIndex() == 0)
        #expect(try counts() == [0, 0, 0])
    }

    @Test func aDeletedMessageIsNeverFoundWhileItsIndexRowWaits() throws {
        let store = temporary.store
        let (folderId, gone) = try database.write { db -> (Int64, Int64) in
            let inbox = try makeFolder(db, account: try makeAccount(db))
            var old = MessageRecord(folderId: inbox.id!, uid: 1, subject: "walrus")
            try old.insert(db, raw: nil, searchBody: "the walrus said")
            return (inbox.id!, old.id!)
        }
        let search = MessageQuery(folderId: folderId, fullTextMatch: "walrus")
        #expect(try store.messageCount(search) == 1)
        try database.write { db in _ = try MessageRecord.deleteOne(db, key: gone) }
        #expect(try store.messageCount(search) == 0, "the stale index row matches no message")
        let fresh = try database.write { db -> Int64 in
            var new = MessageRecord(folderId: folderId, uid: 2, subject: "walrus again")
            try new.insert(db, raw: nil, searchBody: "another walrus")
            return new.id!
        }
        #expect(fresh != gone, "ids are never reused, so a stale row can never name a new message")
        #expect(try store.messageWindow(search, offset: 0, limit: 10).map(\.id) == [fresh])
        #expect(try store.purgeSearchIndex() == 0)
        #expect(try store.messageWindow(search, offset: 0, limit: 10).map(\.id) == [fresh])
    }

    @Test func anAccountWithQueuedMailCannotBeDeleted() throws {
        try database.write { db in
            let account = try makeAccount(db)
            var queued = OutboxRecord(accountId: account.id!, raw: Data("x".utf8), envelopeFrom: "work@example.test",
                                      recipients: ["bob@example.test"])
            try queued.insert(db)
        }
        #expect {
            try database.write { db in _ = try AccountRecord.deleteAll(db) }
        } throws: { isConstraintViolation($0) }
        let remaining = try database.read { db in try OutboxRecord.fetchAll(db) }
        #expect(remaining.count == 1)
        #expect(remaining.first?.recipientList == ["bob@example.test"])
    }

    @Test func outboxAndJournalStatesAreChecked() throws {
        try database.write { db in _ = try makeAccount(db) }
        #expect {
            try database.write { db in
                try db.execute(sql: "INSERT INTO outbox (account_id, raw, envelope_from, recipients, state) VALUES (1, x'00', 'a@b', '[]', 'lost')")
            }
        } throws: { isConstraintViolation($0) }
        #expect {
            try database.write { db in
                try db.execute(sql: "INSERT INTO journal (account_id, operation, payload, state) VALUES (1, 'flag-add', '{}', 'done')")
            }
        } throws: { isConstraintViolation($0) }
    }

    @Test func pop3UIDLIsUniquePerAccount() throws {
        try database.write { db in
            _ = try makeAccount(db)
            try db.execute(sql: "INSERT INTO pop3_uidl (account_id, uidl) VALUES (1, 'abc')")
        }
        #expect {
            try database.write { db in try db.execute(sql: "INSERT INTO pop3_uidl (account_id, uidl) VALUES (1, 'abc')") }
        } throws: { isConstraintViolation($0) }
    }

    @Test func contactAddressesAreUniqueIgnoringCase() throws {
        try database.write { db in
            var contact = ContactRecord(address: "Bob@Example.test")
            try contact.insert(db)
        }
        #expect {
            try database.write { db in
                var contact = ContactRecord(address: "bob@example.TEST")
                try contact.insert(db)
            }
        } throws: { isConstraintViolation($0) }
    }

    @Test func bodyStateIsChecked() throws {
        #expect {
            try database.write { db in
                let account = try makeAccount(db)
                let inbox = try makeFolder(db, account: account)
                // The type allows only the three states; the schema checks whatever is written.
                try db.execute(sql: "INSERT INTO message (folder_id, uid, body_state) VALUES (?, 1, 'some')", arguments: [inbox.id])
            }
        } throws: { isConstraintViolation($0) }
    }
}

/// Store errors in words a user can act on.
@Suite struct StoreErrorWordsTests {
    @Test func aFullDiskSaysSoAndWhatToDo() throws {
        let temporary = try ScratchStore()
        let store = temporary.store
        let account = try store.ensureAccount(name: "a", kind: .imap, email: "a@example.test")
        let inbox = try store.ensureFolder(accountId: account.id!, name: "INBOX")
        let pages = try store.database.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        do {
            try store.database.write { db in
                try db.execute(sql: "PRAGMA max_page_count = \(pages + 1)")
                for index in 0..<200 {
                    var message = MessageRecord(folderId: inbox.id!, uid: Int64(index + 1))
                    try message.insert(db, raw: Data(repeating: 0x41, count: 64 * 1024), searchBody: "")
                }
            }
            Issue.record("the store never filled")
        } catch {
            let words = StoreError.explain(error)
            #expect(words.contains("mail store is full") && words.contains("free some space"), "\(words)")
        }
        #expect(StoreError.explain(StoreError.notFound("message 9")) == "message 9 not found in the local store")
    }
}
