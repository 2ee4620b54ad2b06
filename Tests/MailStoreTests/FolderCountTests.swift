import Foundation
import GRDB
import TestSupport
import Testing
@testable import MailStore

/// The kept folder counts (`folder_count`) say what counting the messages says, after
/// every way a message comes, goes, moves or changes flags.
@Suite struct FolderCountTests {
    /// Total and unread per folder name, counted from the messages themselves.
    static func counted(_ store: MailStore) throws -> [String: [Int]] {
        try store.database.read { db in
            var result: [String: [Int]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT folder.name, count(message.id), coalesce(sum(\(StoreSchema.unreadCondition)), 0)
                FROM folder LEFT JOIN message ON message.folder_id = folder.id GROUP BY folder.id
                """) {
                result[row[0]] = [row[1], row[2]]
            }
            return result
        }
    }

    static func kept(_ store: MailStore) throws -> [String: [Int]] {
        Dictionary(uniqueKeysWithValues: try store.folderSummaries().map { ($0.name, [$0.total, $0.unread]) })
    }

    @Test func theKeptCountsFollowEveryChange() throws {
        let temporary = try ScratchStore()
        let store = temporary.store
        let account = try store.ensureAccount(name: "a", kind: .imap, email: "a@example.test")
        let inbox = try store.ensureFolder(accountId: account.id!, name: "INBOX")
        _ = try store.ensureFolder(accountId: account.id!, name: "Trash")
        _ = try store.ensureFolder(accountId: account.id!, name: "Work")
        let old = try store.ensureFolder(accountId: account.id!, name: "Old")
        let ids = try store.database.write { db -> [Int64] in
            try (1...12).map { uid in
                var message = MessageRecord(folderId: inbox.id!, uid: Int64(uid), flags: uid % 3 == 0 ? ["\\Seen"] : ["$Label1"])
                try message.insert(db)
                return message.id!
            }
        }
        #expect(try Self.kept(store)["INBOX"] == [12, 8])
        #expect(try Self.kept(store) == Self.counted(store))

        _ = try store.changeFlags(messageIds: Array(ids[0..<4]), add: ["\\SEEN"], remove: [])
        #expect(try Self.kept(store)["INBOX"] == [12, 5], "\\SEEN in any case is read")
        _ = try store.changeFlags(messageIds: [ids[2]], add: ["\\Flagged"], remove: ["\\Seen"])
        #expect(try Self.kept(store) == Self.counted(store))

        _ = try store.moveMessages(ids: Array(ids[4..<7]), to: "Work")
        #expect(try Self.kept(store) == Self.counted(store))
        #expect(try Self.kept(store)["Work"]?[0] == 3)

        _ = try store.deleteMessages(ids: [ids[7]])
        _ = try store.expungeMessages(ids: [ids[8]])
        _ = try store.copyMessages(ids: [ids[9]], to: "Work")
        #expect(try Self.kept(store) == Self.counted(store))

        _ = try store.removeMirrorMessages(folderId: inbox.id!, uids: [11, 12])
        #expect(try Self.kept(store) == Self.counted(store))

        try store.database.write { db in
            for uid in 1...3 {
                var message = MessageRecord(folderId: old.id!, uid: Int64(uid))
                try message.insert(db)
            }
        }
        #expect(try Self.kept(store)["Old"] == [3, 3])
        // The server's folder went, and its messages with it.
        #expect(try store.removeMirrorFolder(id: old.id!))
        #expect(try Self.kept(store) == Self.counted(store))
        #expect(try Self.kept(store)["Old"] == nil)
        #expect(try store.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM folder_count WHERE folder_id = ?", arguments: [old.id!]) } == 0)
    }

    @Test func aStoreFromBeforeTheCountsGetsThemCounted() throws {
        // A store as the release before the counts left it: messages, no folder_count.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("merle-counts-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let old = directory + "/merle.sqlite"
        do {
            let queue = try DatabaseQueue(path: old)
            try StoreSchema.migrator.migrate(queue, upTo: "v12-outbox-without-sent-copy")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO account (id, name, kind, email) VALUES (1, 'a', 'imap', 'a@example.test')")
                try db.execute(sql: "INSERT INTO folder (id, account_id, name) VALUES (1, 1, 'INBOX'), (2, 1, 'Empty')")
                for uid in 1...5 {
                    try db.execute(sql: "INSERT INTO message (folder_id, uid, flags) VALUES (1, ?, ?)",
                                   arguments: [uid, uid <= 2 ? "\\Seen" : ""])
                }
            }
        }
        let store = try MailStore(path: old)
        #expect(try Self.kept(store) == ["INBOX": [5, 3], "Empty": [0, 0]])
        #expect(try store.messageCount(MessageQuery(folderId: 1)) == 5)
    }
}

/// The kept thread list (`folder_thread`) says what grouping the messages says.
@Suite struct FolderThreadTests {
    static func grouped(_ store: MailStore) throws -> [[Int64]] {
        try store.database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT folder_id, thread_id, count(*), max(date) AS latest FROM message GROUP BY folder_id, thread_id
                ORDER BY folder_id, latest DESC, thread_id DESC
                """).map { [$0[0], $0[1], $0[2]] }
        }
    }

    static func kept(_ store: MailStore) throws -> [[Int64]] {
        try store.folderSummaries().sorted { $0.folderId < $1.folderId }.flatMap { folder in
            try store.threadSummaries(folderId: folder.folderId).map { [folder.folderId, $0.threadId, Int64($0.count)] }
        }
    }

    @Test func theKeptThreadsFollowArrivalsMovesDatesAndDeletions() throws {
        let temporary = try ScratchStore()
        let store = temporary.store
        let account = try store.ensureAccount(name: "a", kind: .imap, email: "a@example.test")
        let inbox = try store.ensureFolder(accountId: account.id!, name: "INBOX")
        _ = try store.ensureFolder(accountId: account.id!, name: "Work")
        let day = Date(timeIntervalSince1970: 1_800_000_000)
        let ids = try store.database.write { db -> [Int64] in
            try (1...10).map { uid in
                // Three threads by References; two messages have no Date.
                var message = MessageRecord(folderId: inbox.id!, uid: Int64(uid))
                message.headerMessageId = "<m\(uid)@example.test>"
                if uid > 3 { message.inReplyTo = "<m\(uid % 3 + 1)@example.test>" }
                message.date = uid == 5 || uid == 9 ? nil : day.addingTimeInterval(Double(uid * 60))
                try message.insert(db)
                try ThreadLinker(db).link(messageId: message.id!, messageID: message.headerMessageId,
                                          inReplyTo: message.inReplyTo, references: nil)
                return message.id!
            }
        }
        #expect(try Self.kept(store).count == 3, "three threads")
        #expect(try Self.kept(store) == Self.grouped(store))

        _ = try store.moveMessages(ids: [ids[9], ids[4]], to: "Work")
        #expect(try Self.kept(store) == Self.grouped(store))
        try store.database.write { db in
            try db.execute(sql: "UPDATE message SET date = ? WHERE id = ?", arguments: [day.addingTimeInterval(-86_400), ids[7]])
        }
        #expect(try Self.kept(store) == Self.grouped(store))
        _ = try store.expungeMessages(ids: [ids[0], ids[3]])
        _ = try store.removeMirrorMessages(folderId: inbox.id!, uids: [3])
        #expect(try Self.kept(store) == Self.grouped(store))
    }
}
