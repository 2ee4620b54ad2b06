import Foundation
import GRDB
import TestSupport
import Testing
@testable import MailStore

/// Downloaded bodies in pack files: read back exactly, packs that fill give way to the
/// next, two writers never overlap, and compaction gives back deleted messages' space
/// without touching what is still referenced.
@Suite struct BodyPackTests {
    private func bytes(_ count: Int, seed: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed &* 7) }
    }

    @Test func appendedBodiesReadBackExactlyWholeAndInPieces() throws {
        let temporary = try ScratchStore()
        let packs = temporary.store.bodies
        let bodies = [bytes(0, seed: 1), bytes(1, seed: 2), bytes(100_003, seed: 3), bytes(17, seed: 4)]
        let locations = try bodies.map { try packs.append($0) }
        try packs.syncAppended()
        for (body, location) in zip(bodies, locations) {
            #expect(try [UInt8](packs.read(location)) == body)
            var pieces: [[UInt8]] = []
            try packs.forEachPiece(location, chunk: 4096) { pieces.append($0) }
            #expect(pieces.flatMap { $0 } == body)
            #expect(pieces.dropLast().allSatisfy { $0.count == 4096 })
        }
        // Consecutive, in one pack, nothing between them.
        #expect(Set(locations.map(\.pack)).count == 1)
        #expect(zip(locations, locations.dropFirst()).allSatisfy { $0.offset + $0.length == $1.offset })
        var info = stat()
        #expect(stat(packs.directory, &info) == 0 && info.st_mode & 0o777 == 0o700)
        #expect(stat(packs.path(ofPack: locations[0].pack), &info) == 0 && info.st_mode & 0o777 == 0o600)
    }

    @Test func aFullPackGivesWayToTheNextAndOlderBytesStayReadable() throws {
        let directory = NSTemporaryDirectory() + "merle-packs-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let packs = try BodyPacks(directory: directory, packLimit: 1000)
        let bodies = (0..<5).map { bytes(600, seed: $0) }
        let locations = try bodies.map { try packs.append($0) }
        // 600 bytes fit under the limit, the second goes over it: two per pack.
        #expect(locations.map(\.pack) == [1, 1, 2, 2, 3])
        #expect(try zip(bodies, locations).allSatisfy { try [UInt8](packs.read($0.1)) == $0.0 })
        #expect(packs.packs().map(\.number) == [1, 2, 3])
    }

    @Test func twoWritersOnOneFolderNeverOverlap() throws {
        let directory = NSTemporaryDirectory() + "merle-packs-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Two instances lock the folder as two processes do (separate open files).
        let writers = try [BodyPacks(directory: directory, packLimit: 200_000), BodyPacks(directory: directory, packLimit: 200_000)]
        let results = concurrentMap(Array(0..<200)) { index -> ([UInt8], BodyPacks.Location?) in
            let body = (0..<(1000 + index * 37)).map { UInt8(truncatingIfNeeded: $0 &+ index) }
            return (body, try? writers[index % 2].append(body))
        }
        let reader = try BodyPacks(directory: directory)
        for (body, location) in results {
            let location = try #require(location)
            #expect(try [UInt8](reader.read(location)) == body)
        }
        let byPack = Dictionary(grouping: results.compactMap(\.1), by: \.pack)
        for locations in byPack.values {
            let sorted = locations.sorted { $0.offset < $1.offset }
            #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $0.offset + $0.length <= $1.offset })
        }
        #expect(byPack.count > 1, "packs filled and the next ones started")
    }

    @Test func downloadsGoToPacksAndLocalBodiesStayInline() throws {
        let temporary = try ScratchStore()
        let store = temporary.store
        let (account, folder) = try Self.folder(in: store)
        let downloads = (0..<3).map { MailStore.PreparedDownload(uidl: "u\($0)", raw: Self.message($0), folderId: folder, downloadedAt: Date()) }
        let ids = try store.storeDownloaded(accountId: account, folderId: folder, downloads)
        let local = try store.database.write { db -> Int64 in
            var record = MessageRecord(folderId: folder, uid: 99, subject: "draft")
            try record.insert(db, raw: Data(Self.message(99)), searchBody: "")
            return record.id!
        }
        let rows = try store.database.read { db in
            try Row.fetchAll(db, sql: "SELECT message_id, length(raw) AS raw, pack FROM message_body ORDER BY message_id")
        }
        #expect(rows.map { $0["raw"] as Int } == [0, 0, 0, Self.message(99).count])
        #expect(rows.map { $0["pack"] as Int64? } == [1, 1, 1, nil])
        for (index, id) in ids.enumerated() {
            #expect(try store.rawMessage(id: id).map { [UInt8]($0) } == Self.message(index))
            #expect(try store.rawMessageSize(id: id) == Self.message(index).count)
            var pieces: [[UInt8]] = []
            #expect(try store.forEachRawPiece(id: id, chunk: 100) { pieces.append($0) })
            #expect(pieces.flatMap { $0 } == Self.message(index))
        }
        #expect(try store.rawMessage(id: local).map { [UInt8]($0) } == Self.message(99))
        #expect(try store.integrityProblems().isEmpty)
    }

    @Test func compactionGivesBackDeletedSpaceAndKeepsEveryReferencedBody() throws {
        let scratch = try ScratchStore(bodyPackLimit: 20_000)
        let store = scratch.store
        let (account, folder) = try Self.folder(in: store)
        try store.ensureFolder(accountId: account, name: "Archive")
        let downloads = (0..<20).map { MailStore.PreparedDownload(uidl: "u\($0)", raw: Self.message($0, padding: 3000), folderId: folder, downloadedAt: Date()) }
        let ids = try store.storeDownloaded(accountId: account, folderId: folder, downloads)
        // A copy shares its original's bytes; the original then goes.
        let copy = try #require(try store.copyMessages(ids: [ids[1]], to: "Archive").first)
        let kept = [ids[3], ids[12], ids[19]]
        for id in ids where !kept.contains(id) { try store.deleteMessageLocally(id: id) }
        let before = store.bodies.packs()
        #expect(before.count >= 3)
        let dead = try store.deadBodyBytes()
        #expect(dead > 0)

        let result = try store.compactBodyPacks(minimumWaste: 1)
        let after = store.bodies.packs()
        #expect(result.packsRemoved > 0)
        #expect(after.reduce(0) { $0 + $1.size } < before.reduce(0) { $0 + $1.size } - dead / 2)
        for (index, id) in ids.enumerated() where kept.contains(id) {
            #expect(try store.rawMessage(id: id).map { [UInt8]($0) } == Self.message(index, padding: 3000))
        }
        #expect(try store.rawMessage(id: copy).map { [UInt8]($0) } == Self.message(1, padding: 3000))
        #expect(try store.integrityProblems().isEmpty)
        #expect(try store.deadBodyBytes() < dead)
        // Nothing left to do: a second pass changes nothing.
        #expect(try store.compactBodyPacks(minimumWaste: 1).packsRemoved == 0)
    }

    @Test func bytesOfATransactionThatFailedAreLeftUnreferencedAndLaterCompactedAway() throws {
        let scratch = try ScratchStore(bodyPackLimit: 10_000)
        let store = scratch.store
        let (account, folder) = try Self.folder(in: store)
        // The same UIDL twice: the second row breaks the unique key and the batch rolls back.
        let clash = [0, 0].map { MailStore.PreparedDownload(uidl: "same", raw: Self.message($0, padding: 12_000), folderId: folder, downloadedAt: Date()) }
        #expect(throws: (any Error).self) { try store.storeDownloaded(accountId: account, folderId: folder, clash) }
        #expect(try store.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM message_body") } == 0)
        let garbage = try store.deadBodyBytes()
        #expect(garbage >= 2 * 12_000)
        // The next download starts a new pack. Compaction looks once something was deleted;
        // the old pack, all dead, goes then.
        let ids = try store.storeDownloaded(accountId: account, folderId: folder, [5, 6].map {
            MailStore.PreparedDownload(uidl: "next\($0)", raw: Self.message($0), folderId: folder, downloadedAt: Date())
        })
        #expect(try store.compactBodyPacks(minimumWaste: 1).packsRemoved == 0, "nothing deleted yet: no look")
        try store.deleteMessageLocally(id: ids[1])
        // Both packs of the failed batch (12 KB each, over the 10 KB limit) were all dead.
        #expect(try store.compactBodyPacks(minimumWaste: 1).packsRemoved >= 2)
        #expect(!FileManager.default.fileExists(atPath: store.bodies.path(ofPack: 1)))
        #expect(!FileManager.default.fileExists(atPath: store.bodies.path(ofPack: 2)))
        #expect(try store.deadBodyBytes() < garbage)
        let id = try #require(try store.database.read { db in try Int64.fetchOne(db, sql: "SELECT message_id FROM message_body") })
        #expect(try store.rawMessage(id: id).map { [UInt8]($0) } == Self.message(5))
    }

    @Test func aPackWithAnotherWritersUncommittedBytesIsNotRemoved() throws {
        // Two stores on one file stand for two processes (each locks with its own files).
        let scratch = try ScratchStore(bodyPackLimit: 1 << 20)
        let syncing = scratch.store
        let compacting = try MailStore(path: syncing.path, bodyPackLimit: 1 << 20)
        let (account, folder) = try Self.folder(in: syncing)
        // A deleted message's bytes make the pack worth compacting.
        let deleted = try syncing.storeDownloaded(accountId: account, folderId: folder, [
            MailStore.PreparedDownload(uidl: "gone", raw: Self.message(0, padding: 20_000), folderId: folder, downloadedAt: Date()),
        ])
        try syncing.deleteMessageLocally(id: deleted[0])
        let body = Self.message(7)
        let id = try syncing.bodies.holding { () -> Int64 in
            // Bytes in the pack, their row not written yet: the other process compacts now.
            let location = try syncing.bodies.append(body)
            #expect(try compacting.compactBodyPacks(minimumWaste: 1).packsRemoved == 0)
            #expect(FileManager.default.fileExists(atPath: syncing.bodies.path(ofPack: location.pack)))
            return try syncing.database.write { db in
                var record = MessageRecord(folderId: folder, uid: 7, subject: "late row")
                try record.insert(db, raw: nil, searchBody: "")
                try StoredBody.write(db, messageId: record.id!, at: location)
                return record.id!
            }
        }
        #expect(try compacting.rawMessage(id: id).map { [UInt8]($0) } == body)
        // Nothing pending any more: the dead pack is compacted, the body moved and intact.
        #expect(try compacting.compactBodyPacks(minimumWaste: 1).packsRemoved == 1)
        #expect(try compacting.rawMessage(id: id).map { [UInt8]($0) } == body)
        #expect(try syncing.rawMessage(id: id).map { [UInt8]($0) } == body)
        #expect(try compacting.integrityProblems().isEmpty)
    }

    @Test func aWriterWhosePackWasCompactedAwayWritesWhereTheBytesStay() throws {
        let scratch = try ScratchStore()
        let idle = scratch.store
        let busy = try MailStore(path: idle.path)
        let (account, folder) = try Self.folder(in: idle)
        // The idle process wrote to pack 1 long ago and keeps it open.
        let first = try idle.storeDownloaded(accountId: account, folderId: folder,
                                             [MailStore.PreparedDownload(uidl: "a", raw: Self.message(1), folderId: folder, downloadedAt: Date())])
        try idle.deleteMessageLocally(id: first[0])
        // The other one compacts pack 1 away, then pack 2 as well (each time the newest).
        #expect(try busy.compactBodyPacks(minimumWaste: 1).packsRemoved == 1)
        let second = try busy.storeDownloaded(accountId: account, folderId: folder,
                                              [MailStore.PreparedDownload(uidl: "b", raw: Self.message(2), folderId: folder, downloadedAt: Date())])
        try busy.deleteMessageLocally(id: second[0])
        #expect(try busy.compactBodyPacks(minimumWaste: 1).packsRemoved == 1)
        #expect(busy.bodies.packs().map(\.number) == [3])
        // Neither pack 1 (unlinked, still open) nor pack 2 (gone) may take the next body.
        let third = try idle.storeDownloaded(accountId: account, folderId: folder,
                                             [MailStore.PreparedDownload(uidl: "c", raw: Self.message(3), folderId: folder, downloadedAt: Date())])
        #expect(try busy.rawMessage(id: third[0]).map { [UInt8]($0) } == Self.message(3))
        #expect(try busy.integrityProblems().isEmpty)
    }

    @Test func aRemovedPackSaysItIsGoneSoReadersLookAgain() throws {
        let directory = NSTemporaryDirectory() + "merle-packs-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let packs = try BodyPacks(directory: directory, packLimit: 100)
        let old = try packs.append(bytes(150, seed: 1))
        try packs.startNewPack()
        #expect(try packs.removePack(old.pack))
        #expect(throws: BodyPackError.self) { try packs.read(old) }
        // The newest pack is never removed: appends go there.
        let newest = try packs.append(bytes(10, seed: 2))
        #expect(try packs.removePack(newest.pack) == false)
    }

    static func folder(in store: MailStore) throws -> (account: Int64, folder: Int64) {
        let account = try store.ensureAccount(name: "p", kind: .pop3, email: "p@example.test")
        let folder = try store.ensureFolder(accountId: account.id!, name: "INBOX")
        return (account.id!, folder.id!)
    }

    static func message(_ index: Int, padding: Int = 0) -> [UInt8] {
        Array("""
            From: Sender \(index) <s\(index)@example.test>\r
            Subject: message \(index)\r
            Message-ID: <m\(index)@example.test>\r
            \r
            body \(index) \(String(repeating: "x", count: padding))\r

            """.utf8)
    }
}
