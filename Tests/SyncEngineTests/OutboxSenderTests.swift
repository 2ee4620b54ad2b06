import Foundation
import MailStore
import TestSupport
import Testing
import Transport
@testable import SMTPProtocol
@testable import SyncEngine

/// Sending the outbox through the real Postfix, read back from the real Dovecot.
@Suite struct OutboxSenderTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    @Test func queuedWhileOfflineIsDeliveredOnceOnlineAndByteIdentical() throws {
        let frank = try servers.user("frank")
        let grace = try servers.user("grace")
        let scratch = try ScratchStore()
        let store = scratch.store
        let token = "offline-\(UUID().uuidString)"
        let raw = testMessage(from: frank.email, to: grace.email, token: token,
                              body: "Grüße aus Köln — 8-bit UTF-8 body.\r\n.a line starting with a dot\r\n")
        let account = servers.account(frank)
        let accountRecord = try store.ensureAccount(name: account.name, kind: .pop3, email: account.email)
        try store.enqueue(accountId: accountRecord.id!, raw: raw, envelopeFrom: frank.email, recipients: [grace.email])

        // Offline: nothing listens on the SMTP port.
        let closedPort = try Self.unusedPort()
        let offline = OutboxSender(store: store, secrets: servers.secrets)
        #expect(throws: TransportError.self) {
            try offline.flush(account: servers.account(frank, smtpPort: closedPort))
        }
        let waiting = try store.outbox(accountId: accountRecord.id!)
        #expect(waiting.count == 1)
        #expect(waiting[0].state == .queued)
        #expect(waiting[0].lastError?.contains("cannot connect") == true)
        #expect(try store.dueOutbox(accountId: accountRecord.id!).isEmpty, "a retry waits for its backoff")

        // Online again, after the backoff.
        let later = Date().addingTimeInterval(OutboxSender.backoff(attempts: 1) + 1)
        let summary = try OutboxSender(store: store, secrets: servers.secrets).flush(account: account, now: later)
        #expect(summary.sent == 1)
        #expect(try store.outbox(accountId: accountRecord.id!).isEmpty, "a POP3 account keeps no server copy: the row leaves the outbox")

        let delivered = try #require(try servers.waitForMessage(containing: token, to: grace))
        // The server adds trace headers in front; everything we queued arrives unchanged.
        #expect(delivered.count > raw.count)
        #expect(Array(delivered.suffix(raw.count)) == [UInt8](raw))

        // A second flush sends nothing again.
        #expect(try OutboxSender(store: store, secrets: servers.secrets).flush(account: account, now: later).sent == 0)
        #expect(try servers.rawMessages(of: grace).filter { $0.firstRange(of: Array(token.utf8)) != nil }.count == 1)
    }

    @Test func severalMessagesShareOneConnectionAndARejectedRecipientIsReported() throws {
        let frank = try servers.user("frank")
        let heidi = try servers.user("heidi")
        let scratch = try ScratchStore()
        let store = scratch.store
        let account = servers.account(frank)
        let accountRecord = try store.ensureAccount(name: account.name, kind: .pop3, email: account.email)
        let tokens = (0..<3).map { "batch-\($0)-\(UUID().uuidString)" }
        for token in tokens {
            try store.enqueue(accountId: accountRecord.id!, raw: testMessage(from: frank.email, to: heidi.email, token: token),
                              envelopeFrom: frank.email, recipients: [heidi.email, "nobody@example.test"])
        }
        var seen: [Int] = []
        var totals: Set<Int> = []
        let summary = try OutboxSender(store: store, secrets: servers.secrets).flush(account: account) { done, total in
            seen.append(done)
            totals.insert(total)
        }
        #expect(totals == [3])
        #expect(summary.sent == 3)
        #expect(summary.failed == 3)
        #expect(seen == [1, 2, 3])
        let rows = try store.outbox(accountId: accountRecord.id!)
        let failed = rows.filter { $0.state == .failed }
        #expect(failed.count == 3)
        #expect(failed.allSatisfy { $0.recipientList == ["nobody@example.test"] })
        #expect(failed.allSatisfy { $0.lastError?.contains("nobody@example.test") == true && $0.lastError?.contains("550") == true })
        for token in tokens {
            #expect(try servers.waitForMessage(containing: token, to: heidi) != nil)
        }
    }

    @Test func wrongPasswordKeepsTheMessageQueuedWithAClearError() throws {
        let frank = try servers.user("frank")
        let scratch = try ScratchStore()
        let store = scratch.store
        let account = servers.account(frank)
        let accountRecord = try store.ensureAccount(name: account.name, kind: .pop3, email: account.email)
        try store.enqueue(accountId: accountRecord.id!, raw: testMessage(from: frank.email, to: frank.email, token: UUID().uuidString),
                          envelopeFrom: frank.email, recipients: [frank.email])
        let sender = OutboxSender(store: store, secrets: { _, _ in "definitely-wrong" })
        #expect(throws: SMTPError.self) { try sender.flush(account: account) }
        let rows = try store.outbox(accountId: accountRecord.id!)
        #expect(rows.map(\.state) == [.queued])
        #expect(rows[0].lastError?.contains("refused the login") == true)
        #expect(rows[0].lastError?.contains("definitely-wrong") == false)
    }

    @Test func implicitTLSSubmissionWorksToo() throws {
        let frank = try servers.user("frank")
        let grace = try servers.user("grace")
        let scratch = try ScratchStore()
        let account = servers.account(frank, smtpPort: servers.submissionsPort, tls: .implicit)
        let accountRecord = try scratch.store.ensureAccount(name: account.name, kind: .pop3, email: account.email)
        let token = "implicit-\(UUID().uuidString)"
        try scratch.store.enqueue(accountId: accountRecord.id!, raw: testMessage(from: frank.email, to: grace.email, token: token),
                                  envelopeFrom: frank.email, recipients: [grace.email])
        #expect(try OutboxSender(store: scratch.store, secrets: servers.secrets).flush(account: account).sent == 1)
        #expect(try servers.waitForMessage(containing: token, to: grace) != nil)
    }

    static func unusedPort() throws -> UInt16 {
        let server = try LoopbackServer { _ in }
        let port = server.port
        let probe = try SocketConnection.connect(to: Endpoint(host: "127.0.0.1", port: port), mode: .insecure)
        probe.close()
        server.stop()
        return port
    }
}
