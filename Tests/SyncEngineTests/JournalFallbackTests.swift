import Foundation
import IMAPProtocol
import MailStore
import MerleConfig
import TestSupport
import Testing
import TransportTesting
import Transport
@testable import SyncEngine

/// Replay on a server without MOVE (and then without UIDPLUS), from transcripts: a move
/// becomes UID COPY, `\Deleted` and UID EXPUNGE (plain EXPUNGE without UIDPLUS), and the
/// placeholder gets its UID from COPYUID, or waits to be matched.
@Suite struct JournalFallbackTests {
    func run(capabilities: String, script: String) throws -> (ScratchStore, Int64, JournalReplayer.Summary, ScriptedConnection) {
        let scratch = try ScratchStore()
        let store = scratch.store
        let account = AccountConfiguration(name: "old", email: "me@example.test",
                                           incoming: .imap(ServerConfiguration(host: "127.0.0.1", port: 1, tls: .insecure, user: "me")))
        let accountId = try store.ensureAccount(name: "old", kind: .imap, email: "me@example.test").id!
        for name in ["INBOX", "Work"] {
            let folder = try store.saveListedFolder(accountId: accountId, name: name, delimiter: "/", specialUse: nil, subscribed: true, selectable: true)
            try store.beginMirror(folderId: folder.id!, uidvalidity: 9)
        }
        let inbox = try store.folder(named: "INBOX", account: "old")
        try store.storeMirrorHeaders(folderId: inbox.id!, [MailStore.MirrorHeader(
            uid: 5, flags: [], internalDate: nil, size: 30, bytes: Array("Message-ID: <m5@x>\r\nSubject: five\r\n\r\nhi\r\n".utf8), isComplete: true)])
        let id = try store.messages(inFolder: inbox.id!)[0].id!
        try store.moveMessages(ids: [id], to: "Work")

        let connection = ScriptedConnection(transcript: """
            S: * OK [CAPABILITY \(capabilities)] ready
            C: M1 LOGIN me pw
            S: M1 OK [CAPABILITY \(capabilities)] logged in
            \(script)
            """)
        let session = IMAPSession(connection: connection, configuration: SessionConfiguration(tlsMode: .insecure, clientID: nil))
        try session.start()
        try session.login(.password(user: "me", password: "pw"))
        let summary = try JournalReplayer(store: store, secrets: { _, _ in "pw" }).replay(account: account, accountId: accountId, session: session)
        return (scratch, id, summary, connection)
    }

    @Test func withoutMOVEAMoveIsCopyDeleteAndUIDExpunge() throws {
        let (scratch, id, summary, connection) = try run(capabilities: "IMAP4rev1 UIDPLUS", script: """
            C: M2 SELECT INBOX
            S: * OK [UIDVALIDITY 9] ok
            S: * 1 EXISTS
            S: M2 OK [READ-WRITE] selected
            C: M3 UID SEARCH UID 5
            S: * SEARCH 5
            S: M3 OK
            C: M4 UID COPY 5 Work
            S: M4 OK [COPYUID 9 5 41] copied
            C: M5 UID STORE 5 +FLAGS.SILENT (\\Deleted)
            S: M5 OK
            C: M6 UID EXPUNGE 5
            S: * 1 EXPUNGE
            S: M6 OK
            """)
        #expect(summary.applied == 1)
        #expect(connection.isFinished, "exactly these commands")
        #expect(try scratch.store.message(id: id).uid == 41, "the placeholder got its UID from COPYUID")
    }

    @Test func withoutUIDPLUSTheMovedMessageWaitsToBeMatched() throws {
        let (scratch, id, summary, connection) = try run(capabilities: "IMAP4rev1", script: """
            C: M2 SELECT INBOX
            S: * OK [UIDVALIDITY 9] ok
            S: * 1 EXISTS
            S: M2 OK [READ-WRITE] selected
            C: M3 UID SEARCH UID 5
            S: * SEARCH 5
            S: M3 OK
            C: M4 UID COPY 5 Work
            S: M4 OK copied
            C: M5 UID STORE 5 +FLAGS.SILENT (\\Deleted)
            S: M5 OK
            C: M6 EXPUNGE
            S: * 1 EXPUNGE
            S: M6 OK
            """)
        #expect(summary.applied == 1)
        #expect(connection.isFinished)
        let work = try scratch.store.folder(named: "Work", account: "old")
        #expect(try scratch.store.message(id: id).uid == nil)
        #expect(try scratch.store.pendingRematches(folderId: work.id!) == 1, "the next sync of Work matches it by Message-ID")
    }
}
