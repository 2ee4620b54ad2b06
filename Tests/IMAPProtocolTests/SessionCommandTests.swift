import Testing
import TransportTesting
import Transport
@testable import IMAPProtocol

let loggedIn = startTLSPrelude + """

C: M3 AUTHENTICATE PLAIN AGRhdmUAcHc=
S: M3 OK [CAPABILITY IMAP4rev1 ENABLE QRESYNC CONDSTORE UTF8=ACCEPT ID IDLE LITERAL+ COMPRESS=DEFLATE UIDPLUS MOVE LIST-EXTENDED SPECIAL-USE] ok
"""

func loggedInSession(_ rest: String) throws -> (IMAPSession, ScriptedConnection) {
    let (session, connection) = scriptedSession(loggedIn + "\n" + rest)
    try session.start()
    try session.login(.password(user: "dave", password: "pw"))
    return (session, connection)
}

/// Commands after login, from transcripts.
@Suite struct SessionCommandTests {
    @Test func enableIDAndCompression() throws {
        let (session, connection) = try loggedInSession("""
        C: M4 ID ("name" "Merle")
        S: * ID ("name" "Dovecot")
        S: M4 OK
        C: M5 ENABLE QRESYNC CONDSTORE UTF8=ACCEPT
        S: * ENABLED QRESYNC UTF8=ACCEPT
        S: M5 OK
        C: M6 COMPRESS DEFLATE
        S: M6 OK DEFLATE active
        -- COMPRESS
        C: M7 NOOP
        S: M7 OK
        """)
        #expect(try session.identify([IDField("name", "Merle")]) == [IDField("name", "Dovecot")])
        #expect(try session.enable([.qresync, .condStore, .utf8Accept, "UNKNOWN"]) == [.qresync, .utf8Accept])
        #expect(session.isEnabled(.condStore))
        #expect(session.parser.utf8MailboxNames)
        try session.startCompression()
        #expect(connection.isCompressed)
        try session.execute(.noop)
        #expect(connection.isFinished)
    }

    @Test func pipelinedCommandsCollectResultsInOrder() throws {
        let (session, connection) = try loggedInSession("""
        C: M4 STATUS INBOX (MESSAGES)
        C: M5 STATUS Nope (MESSAGES)
        C: M6 NOOP
        S: * STATUS INBOX (MESSAGES 3)
        S: M4 OK
        S: M5 NO [NONEXISTENT] no such mailbox
        S: * 4 EXISTS
        S: M6 OK
        """)
        var delivered: [UntaggedResponse] = []
        session.untaggedHandler = { delivered.append($0) }
        let results = try session.pipeline([.status(.inbox, [.messages]), .status("Nope", [.messages]), .noop])
        #expect(results.map(\.tagged.status) == [.ok, .no, .ok])
        #expect(results[0].untagged == [.status(.inbox, MailboxStatus(messages: 3))])
        #expect(results[1].code == .nonExistent)
        #expect(results[2].untagged == [.exists(4)])
        #expect(delivered.count == 2)
        #expect(throws: IMAPError.commandFailed(command: "STATUS", status: .no, text: "no such mailbox")) { try results[1].checked() }
        #expect(connection.isFinished)
    }

    @Test func listSelectFetchAppend() throws {
        let (session, connection) = try loggedInSession("""
        C: M4 LIST "" * RETURN (SPECIAL-USE)
        S: * LIST (\\HasNoChildren) "/" INBOX
        S: * LIST (\\HasNoChildren \\Sent) "/" Sent
        S: M4 OK
        C: M5 SELECT INBOX (CONDSTORE)
        S: * FLAGS (\\Answered \\Seen)
        S: * OK [PERMANENTFLAGS (\\Answered \\Seen \\*)] Flags permitted.
        S: * 2 EXISTS
        S: * 0 RECENT
        S: * OK [UIDVALIDITY 1700000000] UIDs valid
        S: * OK [UIDNEXT 3] Predicted next UID
        S: * OK [HIGHESTMODSEQ 5] Highest
        S: M5 OK [READ-WRITE] Select completed
        C: M6 UID FETCH 1:* (UID FLAGS BODY.PEEK[])
        S: * 1 FETCH (UID 1 FLAGS (\\Seen) BODY[] {5}
        S: Hello)
        S: * 2 FETCH (UID 2 FLAGS () BODY[] NIL)
        S: M6 OK
        C: M7 APPEND INBOX (\\Seen) {2+}
        C: hi
        S: M7 OK [APPENDUID 1700000000 3] Append completed.
        C: M8 UID MOVE 1:2 Trash
        S: * OK [COPYUID 1700000001 1:2 7:8] Moved UIDs.
        S: * 1 EXPUNGE
        S: * 1 EXPUNGE
        S: M8 OK Move completed.
        """)
        let mailboxes = try session.list()
        #expect(mailboxes.map(\.name) == [.inbox, "Sent"])
        #expect(mailboxes[1].specialUse == .sent)
        let selected = try session.select(.inbox)
        #expect(selected.uidValidity == UIDValidity(1700000000))
        #expect(selected.uidNext == 3)
        #expect(selected.highestModSeq == 5)
        #expect(selected.exists == 2)
        #expect(selected.permanentFlags.contains(.wildcard))
        #expect(!selected.readOnly)
        #expect(session.state == .selected(.inbox))
        let fetched = try session.uidFetch(.all, [.uid, .flags, .bodySection(.complete)])
        #expect(fetched.count == 2)
        #expect(fetched[0].body() == Array("Hello".utf8))
        #expect(fetched[0].uid == 1)
        #expect(try session.append(Array("hi".utf8), to: .inbox, flags: [.seen]) == AppendUID(uidValidity: UIDValidity(1700000000), uid: 3))
        #expect(try session.uidCopy(SequenceSet([1, 2]), to: "Trash", move: true) == [1: 7, 2: 8])
        #expect(connection.isFinished)
    }

    @Test func aCommandThatCannotBeWrittenSendsNothing() throws {
        let (session, connection) = try loggedInSession("""
        C: M6 NOOP
        S: M6 OK
        """)
        #expect(throws: IMAPEncodingError.notAnAtom("a b")) {
            try session.pipeline([.noop, .uidStore(.all, .add(["a b"]))])
        }
        #expect(connection.unmatchedClientBytes.isEmpty)
        #expect(throws: IMAPError.self) { try session.send(.idle) }
        // The session is still in step.
        try session.execute(.noop)
        #expect(connection.isFinished)
    }

    @Test func stateFollowsSelectAndClose() throws {
        let (session, _) = try loggedInSession("""
        C: M4 EXAMINE Archive (CONDSTORE)
        S: M4 OK [READ-ONLY] done
        C: M5 UNSELECT
        S: M5 OK
        C: M6 SELECT Nope (CONDSTORE)
        S: M6 NO [NONEXISTENT] no
        """)
        #expect(try session.select("Archive", readOnly: true).readOnly)
        #expect(session.state == .selected("Archive"))
        try session.execute(.unselect)
        #expect(session.state == .authenticated)
        #expect(throws: IMAPError.commandFailed(command: "SELECT", status: .no, text: "no")) { try session.select("Nope") }
        #expect(session.state == .authenticated)
    }

    @Test func synchronizingLiteralWaitsForContinuation() throws {
        let (session, connection) = scriptedSession("""
        S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready
        C: M1 UID SEARCH SUBJECT {4}
        S: + go ahead
        C: a
        C: b
        S: * SEARCH 4 2
        S: M1 OK searched
        """, mode: .insecure)
        try session.start()
        #expect(try session.uidSearch([.subject("a\r\nb")]) == [4, 2])
        #expect(connection.isFinished)
    }

    @Test func refusedLiteralEndsTheCommand() throws {
        let (session, _) = scriptedSession("""
        S: * OK [CAPABILITY IMAP4rev1] ready
        C: M1 APPEND INBOX {3}
        S: M1 NO [OVERQUOTA] too big
        """, mode: .insecure)
        try session.start()
        #expect(throws: IMAPError.commandFailed(command: "APPEND", status: .no, text: "too big")) { try session.append([1, 2, 3], to: .inbox) }
    }

    @Test func idle() throws {
        let (session, connection) = try loggedInSession("""
        C: M4 IDLE
        S: + idling
        S: * 3 EXISTS
        S: * 1 FETCH (FLAGS (\\Seen))
        C: DONE
        S: * 2 EXPUNGE
        S: M4 OK Idle completed.
        C: M5 LOGOUT
        S: * BYE Logging out
        S: M5 OK Logout completed.
        """)
        try session.beginIdle()
        #expect(session.state == .idling)
        #expect(throws: IMAPError.self) { try session.send(.noop) }
        #expect(try session.nextIdleResponse() == .exists(3))
        #expect(try session.nextIdleResponse() == .fetch(1, [.flags([.seen])]))
        #expect(try session.endIdle() == [.expunge(2)])
        #expect(session.state == .authenticated)
        try session.logout()
        #expect(session.state == .loggedOut)
        #expect(connection.isFinished)
    }

    @Test func idleWithAHandler() throws {
        let (session, connection) = try loggedInSession("""
        C: M4 IDLE
        S: + idling
        S: * 1 RECENT
        S: * 3 EXISTS
        C: DONE
        S: M4 OK Idle completed.
        """)
        var seen: [UntaggedResponse] = []
        try session.idle { response in
            seen.append(response)
            if case .exists = response { return .stop }
            return .keepIdling
        }
        #expect(seen == [.recent(1), .exists(3)])
        #expect(connection.isFinished)
    }
}
