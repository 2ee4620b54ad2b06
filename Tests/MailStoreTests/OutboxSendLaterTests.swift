import Foundation
import GRDB
import TestSupport
import Testing
@testable import MailStore

/// Send later and undo send in the store: a message waits for its send time or while
/// held, and one taken back is gone before any sender can claim it.
@Suite struct OutboxSendLaterTests {
    private func queue(_ store: MailStore, sendAfter: Date? = nil) throws -> (account: Int64, id: Int64) {
        let account = try store.ensureAccount(name: "a", kind: .imap, email: "me@example.test")
        let record = try store.enqueue(accountId: account.id!, raw: Data("Subject: x\r\n\r\ny\r\n".utf8), envelopeFrom: "me@example.test",
                                       recipients: ["you@example.test"], sendAfter: sendAfter)
        return (account.id!, record.id!)
    }

    @Test func aScheduledMessageIsNotDueBeforeItsTimeEvenWhenSendingNow() throws {
        let scratch = try ScratchStore()
        let now = Date()
        let (account, id) = try queue(scratch.store, sendAfter: now.addingTimeInterval(3600))
        #expect(try scratch.store.dueOutbox(accountId: account, now: now).isEmpty)
        #expect(try scratch.store.dueOutbox(accountId: account, now: now, ignoringBackoff: true).isEmpty,
                "merle send leaves a message scheduled for later to its time")
        #expect(try scratch.store.dueOutbox(accountId: account, now: now.addingTimeInterval(3601)).map(\.id) == [id])
        #expect(try scratch.store.nextScheduledSend(accountId: account, after: now)?.timeIntervalSince(now).rounded() == 3600)
        #expect(try scratch.store.outboxCounts(accountId: account, now: now) == OutboxCounts(scheduled: 1))
        #expect(try scratch.store.outboxCounts(accountId: account, now: now.addingTimeInterval(3601)) == OutboxCounts(waiting: 1))
    }

    @Test func aHeldMessageIsNeverDueUntilReleased() throws {
        let scratch = try ScratchStore()
        let (account, id) = try queue(scratch.store)
        try scratch.store.setOutboxHeld(id: id, true)
        #expect(try scratch.store.dueOutbox(accountId: account, ignoringBackoff: true).isEmpty)
        #expect(try scratch.store.markSending(id: id) == false, "a held message cannot be claimed for sending")
        #expect(try scratch.store.outboxCounts(accountId: account) == OutboxCounts(held: 1))
        try scratch.store.setOutboxHeld(id: id, false)
        #expect(try scratch.store.dueOutbox(accountId: account).map(\.id) == [id])
        #expect(try scratch.store.markSending(id: id))
        #expect(throws: StoreError.self) { try scratch.store.setOutboxHeld(id: id, true) }
    }

    @Test func aMessageTakenBackIsGoneAndCannotBeClaimedAfterwards() throws {
        let scratch = try ScratchStore()
        let (_, id) = try queue(scratch.store, sendAfter: Date().addingTimeInterval(10))
        let taken = try #require(try scratch.store.takeBackOutbox(id: id))
        #expect(taken.raw == Data("Subject: x\r\n\r\ny\r\n".utf8))
        #expect(try scratch.store.outbox().isEmpty)
        #expect(try scratch.store.markSending(id: id) == false, "a sender that had read it before skips it")
        #expect(try scratch.store.takeBackOutbox(id: id) == nil)
    }

    @Test func tooLateToTakeBackOnceASenderClaimedIt() throws {
        let scratch = try ScratchStore()
        let (_, id) = try queue(scratch.store)
        #expect(try scratch.store.markSending(id: id))
        #expect(try scratch.store.markSending(id: id) == false, "a second run does not claim it again")
        #expect(try scratch.store.takeBackOutbox(id: id) == nil)
        #expect(try scratch.store.outbox().count == 1)
    }

    @Test func theOutboxHasTheSendTimeAndHeldColumns() throws {
        let scratch = try ScratchStore()
        let columns = try scratch.store.reader.read { db in try db.columns(in: "outbox").map(\.name) }
        #expect(columns.contains("send_after") && columns.contains("held"))
    }

    @Test func oneSenderAtATime() throws {
        let scratch = try ScratchStore()
        let store = scratch.store
        let entered = DispatchSemaphore(value: 0)
        let order = OrderLog()
        let first = Thread {
            _ = try? store.whileSending {
                entered.signal()
                Thread.sleep(forTimeInterval: 0.3)
                order.append("first done")
            }
        }
        first.start()
        entered.wait()
        try store.whileSending { order.append("second") }
        #expect(order.entries == ["first done", "second"], "the second waited for the first")
    }
}

/// Entries appended from two threads.
private final class OrderLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func append(_ entry: String) { lock.withLock { list.append(entry) } }
    var entries: [String] { lock.withLock { list } }
}
