import Foundation
import MailStore
import MerleConfig
import TestSupport
import Testing
import Transport
@testable import SyncEngine

/// The outbox through a `FaultProxy` in front of the real Postfix submission port
/// (STARTTLS, so the greeting and EHLO are plain text): every queued message arrives
/// exactly once, and a connection lost after the final dot leaves the message
/// `uncertain`, never sent twice. Wendy sends; each test owns its recipient.
@Suite struct OutboxFaultInjectionTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    /// A flush that returned with messages deferred or uncertain did not get through.
    struct FlushProblems: Error, CustomStringConvertible {
        var description: String
    }

    func sender(_ store: MailStore) -> OutboxSender {
        var sender = OutboxSender(store: store, secrets: servers.secrets)
        sender.timeouts = faultTimeouts
        return sender
    }

    /// Queues `count` messages of the same size from wendy to `recipient`; returns
    /// their outbox ids and tokens.
    @discardableResult
    func queue(_ count: Int, to recipient: TestServers.User, in store: MailStore, account: AccountConfiguration,
               tag: String) throws -> [Int64: String] {
        let accountId = try store.ensureAccount(name: account.name, kind: .pop3, email: account.email).id!
        var queued: [Int64: String] = [:]
        for index in 0..<count {
            let token = "\(tag)-\(index)-\(UUID().uuidString)"
            let body = String(repeating: "A line of the message body, long enough to span TLS records.\r\n", count: 30)
            let row = try store.enqueue(accountId: accountId, raw: testMessage(from: account.email, to: recipient.email, token: token, body: body),
                                        envelopeFrom: account.email, recipients: [recipient.email])
            queued[row.id!] = token
        }
        return queued
    }

    @Test func everyMessageArrivesOnceThroughFaults() throws {
        let wendy = try servers.user("wendy")
        let yuri = try servers.user("yuri")
        let proxy = try FaultProxy(upstreamPort: servers.submissionPort)
        defer { proxy.stop() }
        let account = servers.account(wendy, smtpPort: proxy.port)

        // A clean flush of like messages measures the upload and the plain-text greeting.
        let witness = try ScratchStore()
        let calibration = try queue(6, to: yuri, in: witness.store, account: account, tag: "calibration")
        _ = try sender(witness.store).flush(account: account)
        let upload = proxy.bytesToServer(fromConnection: 0)
        let greeting = proxy.transcript(ofConnection: 0).first { $0.direction == .toClient }?.end ?? 0

        let scratch = try ScratchStore()
        let store = scratch.store
        let queued = try queue(6, to: yuri, in: store, account: account, tag: "faults")
        // Faults before any message first (they cost no progress), then inside the
        // upload, at offsets that halve as the messages left to send do.
        let faults: [Fault] = [
            .corrupt(.toClient, at: 0),                    // the greeting's reply code
            .truncate(.toClient, at: greeting / 2),
            .corrupt(.toClient, at: greeting + 2),         // the EHLO reply's code
            .silentAccept,
            .corrupt(.toClient, at: greeting + 1500),      // a TLS record
            .drop(.toServer, at: upload / 2),
            .reset(.toServer, at: upload / 4),
            .stall(.toServer, at: upload / 8),
            .delay(.toClient, at: greeting, seconds: 0.5),
        ]
        var attempt = 0
        var settled = (delivered: 0, resent: 0)
        let sender = sender(store)
        let run = FaultRun.run(proxy, faults: faults, stored: { try store.outbox().count }) {
            attempt += 1
            try settleUncertain(store, queued: queued, recipient: yuri, settled: &settled)
            let before = try store.outbox()
            // Each attempt is hours later, so the backoff never holds a message back.
            let summary = try sender.flush(account: account, now: Date().addingTimeInterval(Double(attempt) * 7 * 3600))
            if summary.deferred + summary.uncertain + summary.failed > 0 {
                // What the user reads in `merle outbox`: each row's error, new this attempt.
                let changed = try store.outbox().filter { row in !before.contains { $0.id == row.id && $0.lastError == row.lastError } }
                throw FlushProblems(description: changed.map { "message \($0.id!) \($0.state): \($0.lastError ?? "")" }.joined(separator: "; "))
            }
        }
        print("fault injection, outbox (\(upload) bytes to the server): \(run.faultsInjected) of \(faults.count) faults took effect, "
              + "uncertain then found delivered \(settled.delivered), uncertain and retried \(settled.resent)\n\(run.summary)")
        run.expectSound("outbox", minimumInjected: faults.count)

        // Nothing lost, nothing twice: every message (and every calibration message)
        // is in the mailbox exactly once, and the outbox is empty.
        #expect(try store.outbox().isEmpty)
        let tokens = Array(queued.values) + Array(calibration.values)
        for token in tokens {
            #expect(try servers.waitForMessage(containing: token, to: yuri) != nil, "\(token) arrived")
        }
        let mailbox = try servers.rawMessages(of: yuri)
        for token in tokens {
            #expect(mailbox.filter { $0.firstRange(of: Array(token.utf8)) != nil }.count == 1, "\(token) arrived once")
        }
        #expect(try store.integrityProblems().isEmpty)
    }

    /// What `merle outbox` asks of the user for an uncertain message: look in the
    /// recipient's mailbox, then drop it (it arrived) or retry it (it did not). The
    /// client cannot know: its bytes may sit in its own socket buffer when the line dies.
    /// Delivery takes Postfix and Dovecot a moment, so the mailbox is watched for a while.
    func settleUncertain(_ store: MailStore, queued: [Int64: String], recipient: TestServers.User,
                         settled: inout (delivered: Int, resent: Int)) throws {
        var pending = try store.outbox().filter { $0.state == .uncertain }.map(\.id!)
        let deadline = Date().addingTimeInterval(1.5)
        while !pending.isEmpty, Date() < deadline {
            let mailbox = try servers.rawMessages(of: recipient)
            for id in pending where mailbox.contains(where: { $0.firstRange(of: Array(queued[id]!.utf8)) != nil }) {
                try store.dropOutbox(id: id)
                settled.delivered += 1
            }
            pending.removeAll { id in (try? store.outboxItem(id: id)) == nil }
            if !pending.isEmpty { Thread.sleep(forTimeInterval: 0.1) }
        }
        for id in pending {
            try store.retryOutbox(id: id)
            settled.resent += 1
        }
    }

    @Test func aDropAfterTheFinalDotLeavesTheMessageUncertainAndDeliveredOnce() throws {
        let wendy = try servers.user("wendy")
        let xena = try servers.user("xena")
        let proxy = try FaultProxy(upstreamPort: servers.submissionPort)
        defer { proxy.stop() }
        let account = servers.account(wendy, smtpPort: proxy.port)

        // A clean send of a message of the same size finds where its final dot ends:
        // the client's bytes just before the server's last reply to the message.
        let witness = try ScratchStore()
        let calibration = try queue(1, to: xena, in: witness.store, account: account, tag: "dot-a")
        _ = try sender(witness.store).flush(account: account)
        let finalDot = try #require(Self.endOfFinalDot(proxy.transcript(ofConnection: 0)))

        let scratch = try ScratchStore()
        let queued = try queue(2, to: xena, in: scratch.store, account: account, tag: "dot-b")
        proxy.enqueue(.drop(.toServer, at: finalDot))
        let summary = try sender(scratch.store).flush(account: account)
        #expect(proxy.faultsInjected == 1)
        #expect(summary.uncertain == 1 && summary.sent == 0 && summary.deferred == 1, "\(summary)")
        let rows = try scratch.store.outbox()
        #expect(rows.map(\.state) == [.uncertain, .queued])
        #expect(rows.first?.lastError?.contains("confirmed") == true, "\(rows.first?.lastError ?? "")")
        #expect(FaultRun.saysWhatFailed(rows.first?.lastError ?? ""))

        // Later flushes send the other message and never the uncertain one.
        for hours in [7.0, 14.0] {
            _ = try sender(scratch.store).flush(account: account, now: Date().addingTimeInterval(hours * 3600))
        }
        #expect(try scratch.store.outbox().map(\.state) == [.uncertain])
        let tokens = Array(queued.values) + Array(calibration.values)
        for token in tokens {
            #expect(try servers.waitForMessage(containing: token, to: xena) != nil, "\(token) arrived")
        }
        let mailbox = try servers.rawMessages(of: xena)
        for token in tokens {
            #expect(mailbox.filter { $0.firstRange(of: Array(token.utf8)) != nil }.count == 1, "\(token) arrived once")
        }
        #expect(try scratch.store.integrityProblems().isEmpty)
    }

    /// The client's byte count when the server answered the final dot: after the
    /// biggest upload (the message) the next reply is the one to the dot, so the
    /// client's last chunk before it ends with the dot.
    static func endOfFinalDot(_ transcript: [TranscriptEntry]) -> Int? {
        var previousEnd = 0
        var biggest = (size: 0, index: -1)
        for (index, entry) in transcript.enumerated() where entry.direction == .toServer {
            if entry.end - previousEnd > biggest.size { biggest = (entry.end - previousEnd, index) }
            previousEnd = entry.end
        }
        guard biggest.index >= 0,
              let reply = transcript[biggest.index...].firstIndex(where: { $0.direction == .toClient }) else { return nil }
        return transcript[..<reply].last { $0.direction == .toServer }?.end
    }
}
