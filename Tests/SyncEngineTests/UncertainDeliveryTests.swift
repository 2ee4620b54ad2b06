import Foundation
import MailStore
import MerleConfig
import TestSupport
import Testing
import Transport
@testable import SyncEngine

/// A scripted SMTP server that drops the connection right after the final dot: the
/// message must be marked uncertain and never resent by itself.
@Suite struct UncertainDeliveryTests {
    @Test func droppedAfterTheFinalDotIsUncertainNotResent() throws {
        let server = try LoopbackServer { client in
            Self.greetAndAcceptData(client)
            while true {
                let line = client.readLine()
                if line == ".\r\n" || line.isEmpty { break }
            }
            // Hang up without a reply.
        }
        defer { server.stop() }
        let scratch = try ScratchStore()
        let store = scratch.store
        let smtp = ServerConfiguration(host: "127.0.0.1", port: server.port, tls: .insecure, user: "u")
        let account = AccountConfiguration(name: "scripted", email: "u@example.test",
                                           incoming: .pop3(ServerConfiguration(host: "127.0.0.1", port: 1, user: "u")), smtp: smtp)
        let accountRecord = try store.ensureAccount(name: "scripted", kind: .pop3, email: "u@example.test")
        let queued = try store.enqueue(accountId: accountRecord.id!, raw: testMessage(from: "u@example.test", to: "v@example.test", token: "x"),
                                       envelopeFrom: "u@example.test", recipients: ["v@example.test"])
        var sender = OutboxSender(store: store, secrets: { _, _ in "pw" })
        sender.timeouts = Timeouts(connect: 3, io: 3)
        let summary = try sender.flush(account: account)
        #expect(summary.uncertain == 1)
        #expect(summary.sent == 0)
        let row = try store.outboxItem(id: queued.id!)
        #expect(row.state == .uncertain)
        #expect(row.lastError?.contains("confirmed") == true)
        // Nothing is due: the next flush does not even connect.
        #expect(try store.dueOutbox(accountId: accountRecord.id!).isEmpty)
        #expect(try sender.flush(account: account).sent == 0)
        // Only the user can send it again.
        try store.retryOutbox(id: queued.id!)
        #expect(try store.dueOutbox(accountId: accountRecord.id!).count == 1)
    }

    @Test func aServerGoneBeforeTheFinalDotMeansSendAgainNotUncertain() throws {
        let server = try LoopbackServer { client in
            Self.greetAndAcceptData(client)
            // Gone before the body: the final dot can never reach it.
        }
        defer { server.stop() }
        let scratch = try ScratchStore()
        let store = scratch.store
        let smtp = ServerConfiguration(host: "127.0.0.1", port: server.port, tls: .insecure, user: "u")
        let account = AccountConfiguration(name: "scripted", email: "u@example.test",
                                           incoming: .pop3(ServerConfiguration(host: "127.0.0.1", port: 1, user: "u")), smtp: smtp)
        let accountRecord = try store.ensureAccount(name: "scripted", kind: .pop3, email: "u@example.test")
        // Larger than any socket buffer, so the loss shows before the final dot however the
        // threads are scheduled: as a failed write, or in the check just before the dot.
        let body = String(repeating: "A line of the body that the server never reads.\r\n", count: 100_000)
        let queued = try store.enqueue(accountId: accountRecord.id!,
                                       raw: testMessage(from: "u@example.test", to: "v@example.test", token: "y", body: body),
                                       envelopeFrom: "u@example.test", recipients: ["v@example.test"])
        var sender = OutboxSender(store: store, secrets: { _, _ in "pw" })
        sender.timeouts = Timeouts(connect: 3, io: 3)
        let summary = try sender.flush(account: account)
        #expect(summary.uncertain == 0 && summary.deferred == 1, "\(summary)")
        #expect(try store.outboxItem(id: queued.id!).state == .queued, "it will be sent again: it was never delivered")
    }

    /// A scripted server's side of a send up to DATA's 354: greeting, EHLO, AUTH, MAIL, RCPT.
    static func greetAndAcceptData(_ client: AcceptedClient) {
        client.send("220 scripted ESMTP\r\n")
        _ = client.readLine()                       // EHLO
        client.send("250-scripted\r\n250 AUTH PLAIN\r\n")
        _ = client.readLine()                       // AUTH PLAIN
        client.send("235 ok\r\n")
        _ = client.readLine()                       // MAIL
        client.send("250 ok\r\n")
        _ = client.readLine()                       // RCPT
        client.send("250 ok\r\n")
        _ = client.readLine()                       // DATA
        client.send("354 go\r\n")
    }

    @Test func aCrashBeforeTheFinalDotMeansSendAgain() throws {
        let scratch = try ScratchStore()
        let store = scratch.store
        let account = try store.ensureAccount(name: "a", kind: .imap, email: "a@example.test")
        let first = try store.enqueue(accountId: account.id!, raw: Data("x".utf8), envelopeFrom: "a@example.test", recipients: ["b@example.test"])
        let second = try store.enqueue(accountId: account.id!, raw: Data("y".utf8), envelopeFrom: "a@example.test", recipients: ["b@example.test"])
        try store.markSending(id: first.id!)
        try store.markSending(id: second.id!)
        try store.markUncertain(id: second.id!)
        // A new process starts after the crash.
        #expect(try store.recoverInterruptedSends() == 1)
        #expect(try store.outboxItem(id: first.id!).state == .queued)
        #expect(try store.outboxItem(id: second.id!).state == .uncertain)
    }

    @Test func backoffGrowsAndIsCapped() {
        #expect(OutboxSender.backoff(attempts: 1) == 60)
        #expect(OutboxSender.backoff(attempts: 2) == 120)
        #expect(OutboxSender.backoff(attempts: 4) == 480)
        #expect(OutboxSender.backoff(attempts: 40) == 6 * 3600)
    }
}
