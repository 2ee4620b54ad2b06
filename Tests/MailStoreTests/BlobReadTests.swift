import Foundation
import GRDB
import TestSupport
import Testing
@testable import MailStore

/// A message's bytes read out of the store a piece at a time (SQLite's blob I/O).
@Suite struct BlobReadTests {
    @Test func piecesAndTheTemporaryFileHoldExactlyTheStoredBytes() throws {
        let temporary = try ScratchStore()
        let store = temporary.store
        let raw = (0..<3_000_123).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let (id, headerOnly) = try store.database.write { db -> (Int64, Int64) in
            var account = AccountRecord(name: "b", kind: .local, email: "b@x")
            try account.insert(db)
            var folder = FolderRecord(accountId: account.id!, name: "INBOX")
            try folder.insert(db)
            var message = MessageRecord(folderId: folder.id!, uid: 1, subject: "big")
            try message.insert(db, raw: Data(raw), searchBody: "")
            var bare = MessageRecord(folderId: folder.id!, uid: 2, subject: "not downloaded")
            try bare.insert(db, raw: nil, searchBody: "")
            return (message.id!, bare.id!)
        }
        #expect(try store.rawMessageSize(id: id) == raw.count)
        var pieces: [[UInt8]] = []
        #expect(try store.forEachRawPiece(id: id, chunk: 1_000_000) { pieces.append($0) })
        #expect(pieces.map(\.count) == [1_000_000, 1_000_000, 1_000_000, 123])
        #expect(pieces.flatMap { $0 } == raw)

        let file = try #require(try store.rawMessageFile(id: id))
        #expect(file.count == raw.count && file.read(0..<raw.count) == raw)
        #expect(!FileManager.default.fileExists(atPath: file.path), "the temporary name is gone at once; the open file keeps the bytes")

        #expect(try store.rawMessageSize(id: headerOnly) == nil)
        #expect(try store.forEachRawPiece(id: headerOnly) { _ in Issue.record("no bytes to read") } == false)
        #expect(try store.rawMessageFile(id: headerOnly) == nil)
    }
}
