import Foundation
import MailStore
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

        let log = MailEngineTests.EventLog()
        // No account: nothing to sync, only the backlog to work through.
        let engine = MailEngine(store: scratch.store, accounts: [], options: MailEngine.Options()) { log.append($0) }
        engine.start()
        defer { engine.stop() }
        #expect(log.wait { $0 == .done("Search index up to date (\(count) messages indexed).") }, "\(log.all)")
        #expect(try scratch.store.pendingSearchBodies() == 0)
        #expect(try scratch.store.messageCount(MessageQuery(folderId: nil, fullTextMatch: "tamarind")) == count)
        let steps = log.all.compactMap { event -> Int? in
            if case let .progress(text, done, total) = event, text.hasPrefix("indexing for search"), total == count { return done }
            return nil
        }
        #expect(steps == [SearchBacklog.stepSize, SearchBacklog.stepSize * 2], "progress after each step but the last")
    }
}
