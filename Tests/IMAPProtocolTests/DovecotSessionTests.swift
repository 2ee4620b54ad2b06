import Foundation
import TestSupport
import Testing
import Transport
@testable import IMAPProtocol

/// The session against the real Dovecot started by scripts/test-servers. Users dave,
/// erin and frank belong to these tests. Serialized: they share dave's mailbox.
@Suite(.serialized) struct DovecotSessionTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    func open(_ user: String, mode: TLSMode = .implicit, compression: Bool = false, timeouts: Timeouts = Timeouts(connect: 10, io: 20)) throws -> IMAPSession {
        let port = mode == .implicit ? servers.imapsPort : servers.imapPort
        let configuration = SessionConfiguration(tlsMode: mode, compression: compression)
        return try IMAPSession.open(to: Endpoint(host: servers.host, port: port), tls: TLSSettings(caFile: servers.caFile),
                                    timeouts: timeouts, configuration: configuration,
                                    credentials: .password(user: user, password: try servers.user(user).password))
    }

    /// A message whose body makes it unique, with CRLF line ends as IMAP stores them.
    func message(_ subject: String) -> [UInt8] {
        let text = "From: Dave <dave@example.test>\r\nTo: dave@example.test\r\nSubject: \(subject)\r\n"
            + "Date: Thu, 26 Nov 2026 10:00:00 +0000\r\nMessage-ID: <\(UUID().uuidString)@example.test>\r\n\r\n"
            + "Body with \"quotes\", a backslash \\ and {braces}.\r\nSecond line: \(UUID().uuidString)\r\n"
        return Array(text.utf8)
    }

    @Test func implicitTLSLoginEnableListSelectAppendFetch() throws {
        let session = try open("dave")
        defer { try? session.logout() }
        #expect(session.isEncrypted)
        #expect(session.state == .authenticated)
        // ENABLE ran in open(): QRESYNC (which implies CONDSTORE).
        #expect(session.isEnabled(.qresync))
        #expect(session.isEnabled(.condStore))

        let mailboxes = try session.list()
        for (name, attribute) in [("Sent", MailboxAttribute.sent), ("Drafts", .drafts), ("Trash", .trash), ("Junk", .junk), ("Archive", .archive)] {
            let info = mailboxes.first { $0.name.name == name }
            #expect(info?.has(attribute) == true, "\(name) should carry \(attribute): \(mailboxes)")
        }
        #expect(mailboxes.contains { $0.name == .inbox })

        let selected = try session.select(.inbox)
        #expect(selected.uidValidity != nil)
        #expect(selected.uidNext != nil)
        #expect(selected.highestModSeq != nil)
        #expect(!selected.readOnly)

        let original = message("byte for byte")
        let appended = try #require(try session.append(original, to: .inbox, flags: [.seen]))
        #expect(appended.uidValidity == selected.uidValidity)
        let fetched = try session.uidFetch(SequenceSet([appended.uid]), [.uid, .flags, .modSeq, .envelope, .bodyStructure, .bodySection(.complete)])
        #expect(fetched.count == 1)
        #expect(fetched.first?.body() == original)
        #expect(fetched.first?.flags?.contains(.seen) == true)
        #expect(fetched.first?.envelope?.subject == "byte for byte")
        #expect(fetched.first?.bodyStructure?.mimeType == "text/plain")
        #expect((fetched.first?.modSeq ?? 0) > 0)

        // CHANGEDSINCE and UID SEARCH see it too.
        let changed = try session.uidFetch(.all, [.uid, .flags], changedSince: (selected.highestModSeq ?? 1))
        #expect(changed.contains { $0.uid == appended.uid })
        #expect(try session.uidSearch([.uid(SequenceSet([appended.uid]))]) == [appended.uid])
        try session.execute(.uidStore(SequenceSet([appended.uid]), .add([.deleted], silent: true)))
        try session.execute(.uidExpunge(SequenceSet([appended.uid])))
    }

    /// SELECT (QRESYNC …) reports what changed since a known state: new and changed
    /// messages as FETCH, expunged ones as VANISHED (EARLIER).
    @Test func qresyncSelectReportsChanges() throws {
        let session = try open("dave")
        defer { try? session.logout() }
        let first = try session.append(message("kept"), to: .inbox)
        let second = try session.append(message("to be expunged"), to: .inbox)
        let known = try session.select(.inbox)
        let validity = try #require(known.uidValidity)
        let modSeq = try #require(known.highestModSeq)
        let keptUID = try #require(first?.uid), goneUID = try #require(second?.uid)
        try session.execute(.uidStore(SequenceSet([keptUID]), .add([.flagged], silent: true)))
        try session.execute(.uidStore(SequenceSet([goneUID]), .add([.deleted], silent: true)))
        try session.execute(.uidExpunge(SequenceSet([goneUID])))
        try session.execute(.unselect)

        let resynced = try session.select(.inbox, qresync: .qresync(uidValidity: validity, modSeq: modSeq,
                                                                   knownUIDs: SequenceSet([keptUID, goneUID])))
        #expect(resynced.vanished.contains { $0.contains(goneUID) })
        let change = resynced.changes.first { $0.uid == keptUID }
        #expect(change?.flags?.contains(.flagged) == true)
        #expect((resynced.highestModSeq ?? 0) > modSeq)
        try session.execute(.uidStore(SequenceSet([keptUID]), .add([.deleted], silent: true)))
        try session.execute(.uidExpunge(SequenceSet([keptUID])))
    }

    @Test func startTLSLogin() throws {
        let session = try open("dave", mode: .starttls)
        defer { try? session.logout() }
        #expect(session.isEncrypted)
        #expect(session.state == .authenticated)
        #expect(!session.has(.startTLS))
        let results = try session.pipeline([.noop, .status(.inbox, [.messages, .uidNext]), .status("Sent", [.messages])])
        #expect(results.allSatisfy { $0.isOK })
        #expect(results[1].untagged.contains { if case .status(.inbox, _) = $0 { return true } else { return false } })
    }

    @Test func compressThenCommands() throws {
        let session = try open("frank", compression: true)
        defer { try? session.logout() }
        let selected = try session.select(.inbox, readOnly: true)
        #expect(selected.readOnly)
        #expect(try session.list().count >= 6)
        try session.execute(.noop)
    }

    @Test func idleSeesAMessageAppendedElsewhere() throws {
        let watcher = try open("erin", timeouts: Timeouts(connect: 10, io: 10))
        defer { try? watcher.logout() }
        let before = try watcher.select(.inbox).exists
        try watcher.beginIdle()
        let appender = try open("erin")
        try appender.append(message("idle"), to: .inbox)
        try appender.logout()
        let start = Date()
        var sawExists = false
        while Date().timeIntervalSince(start) < 5 {
            if case let .exists(count) = try watcher.nextIdleResponse(), count > before {
                sawExists = true
                break
            }
        }
        #expect(sawExists)
        #expect(Date().timeIntervalSince(start) < 5)
        try watcher.endIdle()
        try watcher.execute(.noop)
    }

    @Test func wrongPasswordIsARefusedLogin() throws {
        let endpoint = Endpoint(host: servers.host, port: servers.imapsPort)
        do {
            _ = try IMAPSession.open(to: endpoint, tls: TLSSettings(caFile: servers.caFile),
                                     credentials: .password(user: "frank", password: "wrong-Pa55word"))
            Issue.record("the login succeeded")
        } catch let error as IMAPError {
            guard case .loginRefused = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(error.description.contains("check user and password_command"))
            #expect(!error.description.contains("wrong-Pa55word"))
        }
    }
}
