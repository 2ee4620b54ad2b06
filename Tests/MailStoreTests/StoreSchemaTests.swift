import Foundation
import GRDB
import TestSupport
import Testing
@testable import MailStore

@Suite struct StoreSchemaTests {
    @Test func migratesFromEmptyToEveryTable() throws {
        let temporary = try ScratchStore()
        let tables = try temporary.store.database.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name")
        }
        for table in ["account", "folder", "message", "message_body", "message_fts", "outbox", "journal", "pop3_uidl", "contact"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        let applied = try temporary.store.database.read { db in try StoreSchema.migrator.appliedIdentifiers(db) }
        #expect(applied == Set(StoreSchema.migrationNames))
        #expect(try temporary.store.integrityProblems().isEmpty)
    }

    @Test func usesWALAndForeignKeys() throws {
        let temporary = try ScratchStore()
        let (mode, foreignKeys) = try temporary.store.database.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(mode == "wal")
        #expect(foreignKeys == 1)
        // FAST (2): freed pages are not zeroed one by one (Debian's default, 1, made deletes slow).
        let secureDelete = try temporary.store.database.read { db in try Int.fetchOne(db, sql: "PRAGMA secure_delete") }
        #expect(secureDelete == 2)
        let pageSize = try temporary.store.database.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") }
        #expect(pageSize == 8192, "a new store has 8 KB pages")
        // The search index merges a level once 8 segments wait (v20), kept in its own config table.
        let automerge = try temporary.store.database.read { db in try Int.fetchOne(db, sql: "SELECT v FROM message_fts_config WHERE k = 'automerge'") }
        #expect(automerge == StoreSchema.searchIndexAutomerge && automerge == 8)
    }

    @Test func reopeningKeepsDataAndRunsNoMigrationTwice() throws {
        let temporary = try ScratchStore()
        try temporary.store.database.write { db in
            var account = AccountRecord(name: "work", kind: .imap, email: "a@example.test")
            try account.insert(db)
        }
        let reopened = try MailStore(path: temporary.store.path)
        let count = try reopened.database.read { db in try AccountRecord.fetchCount(db) }
        #expect(count == 1)
    }

    @Test func filesAreReadableByTheOwnerOnly() throws {
        let temporary = try ScratchStore()
        try temporary.store.database.write { db in
            var account = AccountRecord(name: "work", kind: .imap, email: "a@example.test")
            try account.insert(db)
        }
        for suffix in ["", "-wal", "-shm"] {
            let path = temporary.store.path + suffix
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
            #expect(mode & 0o077 == 0, "\(path) has mode \(String(mode, radix: 8))")
        }
        let directoryAttributes = try FileManager.default.attributesOfItem(atPath: temporary.dataDirectory)
        #expect(((directoryAttributes[.posixPermissions] as? NSNumber)?.intValue ?? -1) & 0o077 == 0)
    }

    @Test func openingInAnUnwritablePlaceSaysWhatToDo() {
        #expect {
            _ = try MailStore(path: "/proc/merle-cannot-exist/merle.sqlite")
        } throws: { error in
            "\(error)".contains("--data-dir")
        }
    }
}

/// The unread count is served by the partial index, not a scan of the folder.
@Suite struct UnreadIndexTests {
    @Test func unreadCountsUseThePartialIndex() throws {
        let temporary = try ScratchStore()
        let store = temporary.store
        let account = try store.ensureAccount(name: "a", kind: .imap, email: "a@example.test")
        let inbox = try store.ensureFolder(accountId: account.id!, name: "INBOX")
        try store.database.write { db in
            for index in 0..<20 {
                var message = MessageRecord(folderId: inbox.id!, uid: Int64(index + 1), flags: index % 3 == 0 ? [] : ["\\Seen"])
                try message.insert(db)
            }
        }
        #expect(try store.folderSummaries().first?.unread == 7)
        #expect(try store.messageCount(MessageQuery(folderId: inbox.id!, unreadOnly: true)) == 7)
        let details = try store.database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT count(*) FROM message WHERE folder_id = ? AND \(StoreSchema.unreadCondition)",
                             arguments: [inbox.id]).map { $0["detail"] as String? ?? "" }.joined(separator: " ")
        }
        #expect(details.contains("message_unread_by_folder"), "\(details)")
    }

    @Test func missingBodiesAreReadFromTheirIndexWithoutASort() throws {
        let store = try MailStore(path: NSTemporaryDirectory() + "merle-plan-" + UUID().uuidString + ".sqlite")
        for since in [nil, Date()] {
            let (sql, arguments) = MailStore.missingBodiesQuery(folderId: 1, since: since, limit: 10)
            let details = try store.database.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String? ?? "" }.joined(separator: " ")
            }
            #expect(details.contains("message_by_folder_body_state (folder_id=? AND body_state=?"), "\(details)")
            #expect(!details.contains("TEMP B-TREE"), "no sort: \(details)")
        }
    }
}

/// Stores written before thread ids were kept get them when the v4 migration runs.
@Suite struct ThreadKeyMigrationTests {
    @Test func messagesStoredBeforeV4AreLinkedIntoThreads() throws {
        let path = NSTemporaryDirectory() + "merle-v3-" + UUID().uuidString + ".sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator.migrate(queue, upTo: "v3-unread-index")
        let ids = try queue.write { db -> [Int64] in
            var account = AccountRecord(name: "old", kind: .local, email: "o@x")
            try account.insert(db)
            var folder = FolderRecord(accountId: account.id!, name: "INBOX")
            try folder.insert(db)
            // Newest first, as a first sync stores them; the plain insert links nothing.
            let messages: [(String, String?, String?)] = [("c@x", "b@x", "a@x b@x"), ("z@x", nil, nil), ("b@x", "a@x", "a@x"), ("a@x", nil, nil)]
            return try messages.map { messageID, inReplyTo, references in
                var record = MessageRecord(folderId: folder.id!, headerMessageId: messageID, inReplyTo: inReplyTo, referencesHeader: references)
                try record.insert(db)
                return record.id!
            }
        }
        try StoreSchema.migrator.migrate(queue)
        let threads = try queue.read { db in
            try ids.map { try Int64.fetchOne(db, sql: "SELECT thread_id FROM message WHERE id = ?", arguments: [$0]) }
        }
        #expect(threads.allSatisfy { $0 != nil }, "every message has a thread id")
        #expect(threads[0] == threads[2] && threads[2] == threads[3], "a, b and c are one thread")
        #expect(threads[1] != threads[0], "z stands alone")
    }
}
