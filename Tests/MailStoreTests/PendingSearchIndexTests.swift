import Foundation
import GRDB
import TestSupport
import Testing
@testable import MailStore

/// Downloaded bodies wait in `message_fts_pending` for the search index (v7 migration):
/// subjects and addresses are searchable at once, body text once indexed, and the queue
/// follows deletions, copies and replaced bodies.
@Suite struct PendingSearchIndexTests {
    let temporary: ScratchStore
    var store: MailStore { temporary.store }
    let folderId: Int64

    init() throws {
        temporary = try ScratchStore()
        let account = try temporary.store.ensureAccount(name: "work", kind: .imap, email: "me@example.test")
        folderId = try temporary.store.ensureFolder(accountId: account.id!, name: "INBOX").id!
        _ = try temporary.store.ensureFolder(accountId: account.id!, name: "Archive")
    }

    static func raw(_ subject: String, body: String) -> [UInt8] {
        Array("From: Ada <ada@example.test>\r\nSubject: \(subject)\r\nMessage-ID: <\(UUID().uuidString)@x>\r\n\r\n\(body)\r\n".utf8)
    }

    func download(_ messages: [(subject: String, body: String)]) throws {
        try store.storeMirrorHeaders(folderId: folderId, messages.enumerated().map { index, message in
            let bytes = Self.raw(message.subject, body: message.body)
            return MailStore.MirrorHeader(uid: Int64(index + 1), flags: [], internalDate: nil, size: Int64(bytes.count), bytes: bytes, isComplete: true)
        })
    }

    func count(_ match: String) throws -> Int {
        try store.messageCount(MessageQuery(folderId: nil, fullTextMatch: match))
    }

    func id(uid: Int64) throws -> Int64 {
        try #require(try store.messages(inFolder: folderId, limit: 100).first { $0.uid == uid }?.id)
    }

    @Test func subjectsAtOnceBodiesOnceIndexedNewestFirst() throws {
        try download((1...5).map { ("subject\($0)", "kumquat number\($0)") })
        #expect(try store.pendingSearchBodies() == 5)
        #expect(try count("subject3") == 1, "subject and addresses are indexed with the row")
        #expect(try count("ada") == 5)
        #expect(try count("kumquat") == 0, "the text waits")

        #expect(try store.indexPendingBodies(limit: 2) == 3)
        #expect(try count("kumquat") == 2)
        #expect(try count("number5") == 1 && count("number4") == 1, "the newest first")
        #expect(try store.indexPendingBodies(limit: 10, budget: 1) == 2, "a budget below one body still indexes one")
        #expect(try store.indexPendingBodies(limit: 10, parallel: true) == 0)
        #expect(try count("kumquat") == 5)
        #expect(try count("subject3 AND number3") == 1, "the subject is still indexed after the body joins it")
        #expect(try store.indexPendingBodies() == 0, "nothing left: nothing done")
        #expect(try store.integrityProblems().isEmpty)
    }

    /// A batch of downloads, then one of their bodies, then one of copies, each becomes
    /// one segment of the index. FTS5 writes what it holds in memory out as a new segment at every
    /// statement that opens a statement journal (the message row's insert does) and
    /// whenever a row id is lower than the one before: search rows written between the
    /// message rows, or bodies written newest first, made a segment per message (and
    /// merging them all was most of the indexing's time).
    @Test func aBatchOfMessagesAndOneOfBodiesBecomeOneIndexSegmentEach() throws {
        // No merging, so every segment written stays to be counted.
        try store.database.write { db in
            try db.execute(sql: "INSERT INTO message_fts (message_fts, rank) VALUES ('automerge', 0)")
            try db.execute(sql: "INSERT INTO message_fts (message_fts, rank) VALUES ('crisismerge', 1999)")
        }
        let segments = { try self.store.reader.read { db in try Int.fetchOne(db, sql: "SELECT count(DISTINCT segid) FROM message_fts_idx") ?? 0 } }
        try download((1...30).map { ("subject\($0)", "quince number\($0)") })
        let downloaded = try segments()
        #expect(downloaded == 1, "segments after the download: \(downloaded)")
        #expect(try count("subject7") == 1 && count("ada") == 30)
        #expect(try store.indexPendingBodies(limit: 30) == 0)
        #expect(try count("quince") == 30)
        let indexed = try segments()
        #expect(indexed == 2, "segments after indexing: \(indexed)")
        // So is a batch of copies.
        let ids = try store.messages(inFolder: folderId, limit: 100).compactMap(\.id)
        #expect(try store.copyMessages(ids: ids, to: "Archive").count == 30)
        #expect(try count("quince") == 60 && count("subject7") == 2)
        let copied = try segments()
        #expect(copied == 3, "segments after copying: \(copied)")
    }

    @Test func aDeletedMessageLeavesTheQueueAndACopyJoinsIt() throws {
        try download([("first", "papaya alpha"), ("second", "papaya beta")])
        _ = try store.expungeMessages(ids: [try id(uid: 1)])
        #expect(try store.pendingSearchBodies() == 1, "the deleted message's body is not indexed")
        let copies = try store.copyMessages(ids: [try id(uid: 2)], to: "Archive")
        #expect(try store.pendingSearchBodies() == 2, "the copy waits like its original")
        #expect(try store.indexPendingBodies() == 0)
        let found = try store.messageWindow(MessageQuery(folderId: nil, fullTextMatch: "papaya"), offset: 0, limit: 10).map(\.id)
        #expect(Set(found) == Set([try id(uid: 2)] + copies.map(Optional.some)))
    }

    @Test func aBodyReplacedBeforeItIsIndexedIsIndexedByItsNewText() throws {
        try download([("one", "guava old")])
        let message = try id(uid: 1)
        try store.storeBody(messageId: message, raw: Self.raw("one", body: "lychee new"))
        #expect(try store.pendingSearchBodies() == 1)
        #expect(try store.indexPendingBodies() == 0)
        #expect(try count("lychee") == 1)
        #expect(try count("guava") == 0)
    }
}
