import Foundation
import GRDB
import IMAPProtocol
@testable import MailStore
import MerleConfig
import TestSupport
import Testing
import Transport
@testable import SyncEngine

/// After a send on an IMAP account: the copy in Sent and `\Answered` on the parent,
/// through the journal, against the real Dovecot.
@Suite(.serialized) struct JournalReplayerTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    func imapAccount(_ user: TestServers.User) -> AccountConfiguration {
        let imap = ServerConfiguration(host: servers.host, port: servers.imapsPort, tls: .implicit, user: user.name, caFile: servers.caFile)
        let smtp = ServerConfiguration(host: servers.host, port: servers.submissionPort, tls: .starttls, user: user.name, caFile: servers.caFile)
        return AccountConfiguration(name: "imap-\(user.name)", email: user.email, incoming: .imap(imap), smtp: smtp)
    }

    func session(_ user: TestServers.User) throws -> IMAPSession {
        try IMAPSession.open(to: Endpoint(host: servers.host, port: servers.imapsPort), tls: TLSSettings(caFile: servers.caFile),
                             credentials: .password(user: user.name, password: user.password))
    }

    @Test func sentCopyIsAppendedAndTheParentIsMarkedAnswered() throws {
        let victor = try servers.user("victor")
        let walter = try servers.user("walter")
        try servers.resetUser("victor")
        let scratch = try ScratchStore()
        let store = scratch.store
        let account = imapAccount(victor)

        // A message in victor's INBOX on the server, mirrored locally with its UID.
        let imap = try session(victor)
        defer { try? imap.logout() }
        let parentRaw = Array("From: <walter@example.test>\r\nTo: <victor@example.test>\r\nSubject: question\r\nMessage-ID: <q1@example.test>\r\n\r\nhi\r\n".utf8)
        let appended = try #require(try imap.append(parentRaw, to: "INBOX"))
        let accountRecord = try store.ensureAccount(name: account.name, kind: .imap, email: account.email)
        let inbox = try store.ensureFolder(accountId: accountRecord.id!, name: "INBOX")
        let parentId = try store.database.write { db -> Int64 in
            var parent = MessageRecord(folderId: inbox.id!, uid: Int64(appended.uid), subject: "question")
            try parent.insert(db)
            return parent.id!
        }

        let token = "reply-\(UUID().uuidString)"
        let raw = testMessage(from: victor.email, to: walter.email, token: token)
        try store.enqueue(accountId: accountRecord.id!, raw: raw, envelopeFrom: victor.email, recipients: [walter.email],
                          inReplyToMessage: parentId)
        let sent = try OutboxSender(store: store, secrets: servers.secrets).flush(account: account)
        #expect(sent.sent == 1)
        // Sent at once: the parent is answered locally, two entries wait for the server.
        #expect(try store.message(id: parentId).hasFlag("\\Answered"))
        #expect(try store.pendingJournal(accountId: accountRecord.id!).map(\.operation) == ["flag-add", "append-sent"])

        let replay = try JournalReplayer(store: store, secrets: servers.secrets).replay(account: account)
        #expect(replay.applied == 2)
        #expect(try store.pendingJournal(accountId: accountRecord.id!).isEmpty)
        #expect(try store.outbox(accountId: accountRecord.id!).isEmpty, "the outbox row leaves once the copy is saved")

        _ = try imap.select("Sent")
        let copies = try imap.uidFetch(SequenceSet(parsing: "1:*"), [.uid, .flags, .bodySection(.complete)])
        let copy = try #require(copies.first { $0.body()?.firstRange(of: Array(token.utf8)) != nil })
        #expect(copy.body() == [UInt8](raw))
        #expect(copy.flags?.contains(.seen) == true)

        _ = try imap.select("INBOX")
        let parentOnServer = try imap.uidFetch(SequenceSet([appended.uid]), [.uid, .flags])
        #expect(parentOnServer.first?.flags?.contains(.answered) == true)

        // Nothing left: a second replay does not even connect.
        #expect(try JournalReplayer(store: store, secrets: servers.secrets).replay(account: account) == JournalReplayer.Summary())
    }

    @Test func serverThatSavesSentMailGetsNoCopyAndAFlagOnAVanishedMessageFails() throws {
        let victor = try servers.user("victor")
        let scratch = try ScratchStore()
        let store = scratch.store
        var account = imapAccount(victor)
        account.serverSavesSent = true
        let accountRecord = try store.ensureAccount(name: account.name, kind: .imap, email: account.email)
        try store.enqueue(accountId: accountRecord.id!, raw: testMessage(from: victor.email, to: victor.email, token: UUID().uuidString),
                          envelopeFrom: victor.email, recipients: [victor.email])
        #expect(try OutboxSender(store: store, secrets: servers.secrets).flush(account: account).sent == 1)
        #expect(try store.pendingJournal(accountId: accountRecord.id!).isEmpty)
        #expect(try store.outbox(accountId: accountRecord.id!).isEmpty)

        try store.database.write { db in
            try db.execute(sql: "INSERT INTO journal (account_id, operation, payload) VALUES (?, 'flag-add', '{\"flags\":[\"\\\\\\\\Flagged\"],\"messageId\":424242}')",
                           arguments: [accountRecord.id])
        }
        let replay = try JournalReplayer(store: store, secrets: servers.secrets).replay(account: account)
        #expect(replay.failed == 1)
        let entries = try store.journal(accountId: accountRecord.id!)
        #expect(entries.map(\.state) == [.failed])
        #expect(entries.first?.lastError?.contains("no longer exists") == true)
    }
}
