import Foundation
import MailMessage
import MailStore
import TestSupport
import Testing
import Transport
@testable import SyncEngine

/// The reader's `$` (`EngineCommand.syncNow`) sends a message that waits for its retry at
/// once, through the real Postfix; the engine's own timed syncs keep the backoff.
@Suite struct MailEngineSendNowTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    @Test func syncNowSendsWhatWaitsForItsRetryAndTimedSyncsDoNot() throws {
        let frank = try servers.user("frank")
        let grace = try servers.user("grace")
        let scratch = try ScratchStore()
        let store = scratch.store
        let account = servers.account(frank)
        let record = try store.ensureAccount(name: account.name, kind: .pop3, email: account.email)
        let token = "send-now-\(UUID().uuidString)"
        try store.enqueue(accountId: record.id!, raw: testMessage(from: frank.email, to: grace.email, token: token),
                          envelopeFrom: frank.email, recipients: [grace.email])

        // One attempt while the server was down: it counts, and the retry waits a minute.
        #expect(throws: TransportError.self) {
            try OutboxSender(store: store, secrets: servers.secrets).flush(account: servers.account(frank, smtpPort: 1))
        }
        let waiting = try #require(try store.outbox(accountId: record.id!).first)
        #expect(waiting.attempts == 1, "a connection failure is an attempt")
        #expect((waiting.nextAttemptAt ?? .distantPast) > Date())

        let log = EventLog<EngineEvent>()
        let engine = MailEngine(store: store, accounts: [account], secrets: servers.secrets) { log.append($0) }
        engine.start()
        defer { engine.stop() }
        // The engine's first sync is a timed one: it leaves the message to its backoff.
        // (An account is reported online once its sync, outbox included, is done.)
        #expect(log.wait(timeout: 30) { $0 == .connection(account: account.name, .online) }, "\(log.all)")
        let untouched = try #require(try store.outbox(accountId: record.id!).first)
        #expect(untouched.state == .queued)
        #expect(untouched.attempts == 1, "the timed sync did not try it")

        // The user asks: it goes now.
        engine.send(.syncNow)
        #expect(try waitUntil(timeout: 30) { try store.outbox(accountId: record.id!).isEmpty }, "\(log.all)")
        #expect(try servers.waitForMessage(containing: token, to: grace) != nil, "not delivered")
        #expect(log.all.contains { event in
            if case let .note(.sent(name, summary)) = event { return name == account.name && summary.sent == 1 }
            return false
        }, "\(log.all)")
    }

    /// The SMTP server stops answering while mail is queued; the moment it answers again
    /// the engine sends, without waiting out the minute of backoff the failure set.
    @Test func mailGoesOutTheMomentTheSMTPServerAnswersAgain() throws {
        let pia = try servers.user("pia")
        let grace = try servers.user("grace")
        let scratch = try ScratchStore()
        let store = scratch.store
        var proxy = try FaultProxy(upstreamPort: servers.submissionPort)
        let port = proxy.port
        defer { proxy.stop() }
        let account = servers.account(pia, smtpPort: port)
        let log = EventLog<EngineEvent>()
        let engine = MailEngine(store: store, accounts: [account], secrets: servers.secrets) { log.append($0) }
        engine.start()
        defer { engine.stop() }
        #expect(log.wait(timeout: 30) { $0 == .connection(account: account.name, .online) }, "\(log.all)")

        proxy.stop()
        let token = "smtp-back-\(UUID().uuidString)"
        let built = try MessageBuilder().build(Draft(from: Address(mailbox: pia.email), to: [Address(mailbox: grace.email)],
                                                     subject: token, body: "Back again."))
        engine.send(.enqueue(accountId: try store.accountId(named: account.name), message: built, inReplyTo: nil, replacingDraft: nil))
        #expect(log.wait(timeout: 30) { event in
            if case let .failed(text) = event { return text.contains("cannot reach the SMTP server") }
            return false
        }, "\(log.all)")
        let record = try #require(try store.accounts().first { $0.name == account.name })
        let waiting = try #require(try store.outbox(accountId: record.id!).first)
        #expect((waiting.nextAttemptAt ?? .distantPast) > Date().addingTimeInterval(30), "the failure set a backoff")

        proxy = try FaultProxy(upstreamPort: servers.submissionPort, port: port)
        let back = Date()
        #expect(try servers.waitForMessage(containing: token, to: grace, timeout: 15) != nil, "\(log.all)")
        #expect(Date().timeIntervalSince(back) < 5, "sent as soon as the server answered")
        #expect(try waitUntil(timeout: 10) { try store.outbox(accountId: record.id!).isEmpty })
    }
}
