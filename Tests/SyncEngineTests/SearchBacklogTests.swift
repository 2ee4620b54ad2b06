import Foundation
import MailStore
import TestSupport
import Testing
@testable import SyncEngine

/// The engine indexes downloaded bodies in the background, a step at a time, and
/// stays responsive to commands meanwhile.
@Suite struct SearchBacklogTests {
    @Test func theEngineIndexesTheBacklogInStepsAndSaysWhenDone() throws {
        let scratch = try ScratchStore()
        let account = try scratch.store.ensureAccount(name: "work", kind: .imap, email: "me@example.test")
        let folder = try scratch.store.ensureFolder(accountId: account.id!, name: "INBOX")
        let count = SearchBacklog.stepSize * 2 + 50
        try scratch.store.storeMirrorHeaders(folderId: folder.id!, (1...count).map { uid in
            let bytes = Array("From: <a@example.test>\r\nSubject: s\(uid)\r\n\r\ntamarind \(uid)\r\n".utf8)
            return MailStore.MirrorHeader(uid: Int64(uid), flags: [], internalDate: nil, size: Int64(bytes.count), bytes: bytes, isComplete: true)
        })
        #expect(try scratch.store.pendingSearchBodies() == count)

        let log = EventLog<EngineEvent>()
        // No account: nothing to sync, only the backlog to work through.
        let engine = MailEngine(store: scratch.store, accounts: [], options: MailEngine.Options()) { log.append($0) }
        engine.start()
        defer { engine.stop() }
        #expect(log.wait { $0 == .done("Search index up to date (\(count) messages indexed).") }, "\(log.all)")
        #expect(try scratch.store.pendingSearchBodies() == 0)
        #expect(try scratch.store.messageCount(MessageQuery(folderId: nil, fullTextMatch: "tamarind")) == count)
        let steps = log.all.compactMap { event -> Int? in
            if case let .progress(work) = event, work.text.hasPrefix("indexing for search"), work.total == count { return work.done }
            return nil
        }
        #expect(steps == [SearchBacklog.stepSize, SearchBacklog.stepSize * 2], "progress after each step but the last")
    }

    @Test func theBacklogWaitsWhileTheUserTypes() throws {
        let scratch = try ScratchStore()
        let account = try scratch.store.ensureAccount(name: "work", kind: .imap, email: "me@example.test")
        let folder = try scratch.store.ensureFolder(accountId: account.id!, name: "INBOX")
        let count = SearchBacklog.stepSize + 10
        try scratch.store.storeMirrorHeaders(folderId: folder.id!, (1...count).map { uid in
            let bytes = Array("From: <a@example.test>\r\nSubject: s\(uid)\r\n\r\nquince \(uid)\r\n".utf8)
            return MailStore.MirrorHeader(uid: Int64(uid), flags: [], internalDate: nil, size: Int64(bytes.count), bytes: bytes, isComplete: true)
        })
        let log = EventLog<EngineEvent>()
        var options = MailEngine.Options()
        // Long enough that a test thread delayed by a loaded machine still counts as typing.
        options.indexingPauseAfterKey = 3
        let engine = MailEngine(store: scratch.store, accounts: [], options: options) { log.append($0) }
        engine.noteUserActivity()
        engine.start()
        defer { engine.stop() }
        // Keys every 0.1 s for 2 s: no step runs.
        for _ in 0..<20 {
            Thread.sleep(forTimeInterval: 0.1)
            engine.noteUserActivity()
        }
        #expect(try scratch.store.pendingSearchBodies() == count, "nothing indexed while keys arrive")
        // The user pauses: the backlog goes on by itself.
        #expect(log.wait(timeout: 30, for: { $0 == .done("Search index up to date (\(count) messages indexed).") }), "\(log.all)")
        #expect(try scratch.store.pendingSearchBodies() == 0)
    }

    @Test func aCommandDoesNotWaitForTheBacklog() throws {
        let scratch = try ScratchStore()
        let account = try scratch.store.ensureAccount(name: "work", kind: .local, email: "me@example.test")
        let folder = try scratch.store.ensureFolder(accountId: account.id!, name: "INBOX")
        let count = 3_000
        try scratch.store.storeMirrorHeaders(folderId: folder.id!, (1...count).map { uid in
            let bytes = Array("From: <a@example.test>\r\nSubject: s\(uid)\r\n\r\n\(String(repeating: "words to index ", count: 200))\r\n".utf8)
            return MailStore.MirrorHeader(uid: Int64(uid), flags: [], internalDate: nil, size: Int64(bytes.count), bytes: bytes, isComplete: true)
        })
        let first = try #require(try scratch.store.messages(inFolder: folder.id!, limit: 1).first)
        let log = EventLog<EngineEvent>()
        let engine = MailEngine(store: scratch.store, accounts: [], options: MailEngine.Options()) { log.append($0) }
        engine.start()
        defer { engine.stop() }
        #expect(log.wait { if case .progress = $0 { return true } else { return false } }, "indexing began")
        engine.send(.setFlags(ids: [first.id!], add: ["\\Flagged"], remove: []))
        #expect(waitUntil(timeout: 10) { (try? scratch.store.message(id: first.id!).flagList.contains("\\Flagged")) == true })
        #expect(try scratch.store.pendingSearchBodies() > 0, "the flag was applied between two steps, long before the backlog ended")
    }
}
