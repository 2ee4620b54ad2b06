import Testing
import TransportTesting
import Transport
@testable import IMAPProtocol

/// SECURITY.md's STARTTLS and hostile-response cases, replayed from transcripts:
/// each ends in a clear error (or is safely ignored), never a crash or a leak.
@Suite struct SessionSecurityTests {
    @Test func preauthWhenTLSIsRequiredAborts() throws {
        let (session, connection) = scriptedSession("S: * PREAUTH [CAPABILITY IMAP4rev1] logged in as dave\n-- CLOSE")
        #expect(throws: IMAPError.preauthWithoutTLS) { try session.start() }
        #expect(connection.isClosed)
        #expect(connection.unmatchedClientBytes.isEmpty)
        #expect(!connection.isEncrypted)
    }

    @Test func preauthOnAPlainImplicitConnectionAborts() throws {
        // Implicit TLS that somehow is not encrypted must not be trusted either.
        let (session, _) = scriptedSession("S: * PREAUTH ok\n-- CLOSE", mode: .implicit)
        #expect(throws: IMAPError.preauthWithoutTLS) { try session.start() }
    }

    @Test func preauthIsFineWhenPlainTextIsAllowed() throws {
        let (session, _) = scriptedSession("S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE] hi", mode: .insecure)
        try session.start()
        #expect(session.state == .authenticated)
    }

    @Test func missingSTARTTLSAborts() throws {
        let (session, connection) = scriptedSession("""
        S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready
        -- CLOSE
        """)
        #expect(throws: IMAPError.startTLSNotOffered) { try session.start() }
        #expect(connection.isClosed)
    }

    @Test func missingSTARTTLSAfterAskingAborts() throws {
        let (session, _) = scriptedSession("""
        S: * OK ready
        C: M1 CAPABILITY
        S: * CAPABILITY IMAP4rev1 AUTH=PLAIN
        S: M1 OK done
        -- CLOSE
        """)
        #expect(throws: IMAPError.startTLSNotOffered) { try session.start() }
    }

    @Test func refusedSTARTTLSAborts() throws {
        let (session, _) = scriptedSession("""
        S: * OK [CAPABILITY IMAP4rev1 STARTTLS] ready
        C: M1 STARTTLS
        S: M1 NO not now
        """)
        #expect(throws: IMAPError.startTLSRefused("not now")) { try session.start() }
    }

    @Test(arguments: ["HTTP/1.1 400 Bad Request", "* OK [CAPABILITY IMAP4rev1 STARTTLS", "A1 OK hello", "+ go ahead",
                      "* CAPABILITY IMAP4rev1 STARTTLS", "* NO go away", "SSH-2.0-OpenSSH_9.2"])
    func malformedGreetingAborts(_ greeting: String) throws {
        let (session, connection) = scriptedSession("S: \(greeting)\n-- CLOSE")
        #expect(throws: IMAPError.self) { try session.start() }
        do {
            try session.start()
        } catch let error as IMAPError {
            if case .malformedGreeting = error {} else if case .invalidState = error {} else { Issue.record("\(error)") }
        }
        // Nothing was sent, so in particular no credentials and no plain-text commands.
        #expect(connection.unmatchedClientBytes.isEmpty)
        #expect(session.state == .loggedOut)
    }

    @Test func byeGreeting() throws {
        let (session, _) = scriptedSession("S: * BYE too many connections\n-- CLOSE")
        #expect(throws: IMAPError.serverBye("too many connections")) { try session.start() }
    }

    /// An attacker injects capabilities before the STARTTLS completion and more data
    /// right after it; none of it is believed or parsed after the handshake.
    @Test func injectedResponsesAroundSTARTTLSAreIgnored() throws {
        let connection = ScriptedConnection(steps: [
            .server(Array("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n".utf8)),
            .client(Array("M1 STARTTLS\r\n".utf8)),
            .server(Array("* CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=WEAK\r\n".utf8)),
            .server(Array("M1 OK Begin TLS\r\n* OK [CAPABILITY IMAP4rev1 AUTH=INJECTED]\r\nM2 OK injected\r\n".utf8)),
            .startTLS,
            .client(Array("M2 CAPABILITY\r\n".utf8)),
            .server(Array("* CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR\r\n".utf8)),
            .server(Array("M2 OK done\r\n".utf8)),
        ])
        let session = IMAPSession(connection: connection, configuration: SessionConfiguration(tlsMode: .starttls))
        var seen: [UntaggedResponse] = []
        session.untaggedHandler = { seen.append($0) }
        try session.start()
        #expect(session.capabilities == ["IMAP4rev1", "AUTH=PLAIN", "SASL-IR"])
        #expect(!session.has(.auth("INJECTED")) && !session.has(.auth("WEAK")))
        // Only the greeting (before STARTTLS was sent) and the post-TLS capability were delivered.
        #expect(seen.count == 2)
        #expect(connection.isEncrypted)
        #expect(connection.isFinished)
    }

    @Test func credentialsNeverGoOutInPlainText() throws {
        let (session, connection) = scriptedSession("S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready", mode: .implicit)
        try session.start()
        #expect(throws: IMAPError.credentialsWouldBeSentInClear) {
            try session.login(.password(user: "dave", password: "hunter2"))
        }
        #expect(connection.unmatchedClientBytes.isEmpty)
    }

    @Test func plainTextLoginWhenTheAccountAllowsIt() throws {
        let (session, connection) = scriptedSession("""
        S: * OK [CAPABILITY IMAP4rev1] ready
        C: M1 LOGIN dave "p w"
        S: M1 OK [CAPABILITY IMAP4rev1 IDLE] Logged in
        """, mode: .insecure)
        try session.start()
        try session.login(.password(user: "dave", password: "p w"))
        #expect(session.state == .authenticated)
        #expect(session.has(.idle))
        #expect(connection.isFinished)
    }

    @Test func absurdLiteralIsAProtocolError() throws {
        let (session, connection) = scriptedSession(startTLSPrelude + """

        C: M3 NOOP
        S: * 1 FETCH (BODY[] {4294967296}
        S: M3 OK
        """)
        try session.start()
        #expect {
            try session.send(.noop)
        } throws: { error in
            guard case let IMAPError.protocolViolation(detail) = error else { return false }
            return detail.contains("4294967296") && detail.contains("limit")
        }
        #expect(connection.isClosed)
        #expect(session.state == .loggedOut)
    }

    @Test(arguments: ["* VANISHED 1,", "* 1 FETCH (UID 5 MODSEQ (1)) ", "* OK [COPYUID 1 1:2, 3:4] x", "* ESEARCH ALL 1:3,"])
    func sequenceSetEndingWithCommaIsAProtocolError(_ line: String) throws {
        let (session, _) = scriptedSession(startTLSPrelude + "\nC: M3 NOOP\nS: \(line)\nS: M3 OK")
        try session.start()
        if line.contains(",") {
            #expect(throws: IMAPError.self) { try session.send(.noop) }
        } else {
            #expect(try session.send(.noop).isOK)
        }
    }

    @Test func unexpectedAPPENDUIDAndCOPYUIDAreHarmless() throws {
        let (session, _) = scriptedSession(startTLSPrelude + """

        C: M3 NOOP
        S: * OK [COPYUID 9 1:3 7:9] unsolicited
        S: M3 OK [APPENDUID 1 5] NOOP done
        """)
        try session.start()
        let result = try session.send(.noop)
        #expect(result.isOK)
    }

    @Test func malformedAPPENDUIDIsAProtocolError() throws {
        let (session, connection) = scriptedSession(startTLSPrelude + """

        C: M3 APPEND INBOX {2+}
        C: hi
        S: M3 OK [APPENDUID 7 1:*] done
        """)
        try session.start()
        #expect(throws: IMAPError.self) { try session.append(Array("hi".utf8), to: .inbox) }
        #expect(connection.isClosed)
    }

    @Test func mismatchedCOPYUIDIsAProtocolError() throws {
        let (session, _) = scriptedSession(startTLSPrelude + """

        C: M3 UID COPY 1:3 Archive
        S: M3 OK [COPYUID 7 1:3 10:11] done
        """)
        try session.start()
        #expect(throws: IMAPError.self) { try session.uidCopy(SequenceSet([1, 2, 3]), to: "Archive") }
    }

    @Test func deeplyNestedBodyStructureIsAProtocolError() throws {
        let nested = String(repeating: "(", count: 500) + "\"text\" \"plain\" NIL NIL NIL \"7bit\" 1 1)" + String(repeating: " \"mixed\")", count: 499)
        let (session, _) = scriptedSession(startTLSPrelude + "\nC: M3 NOOP\nS: * 1 FETCH (BODYSTRUCTURE \(nested))\nS: M3 OK")
        try session.start()
        #expect(throws: IMAPError.protocolViolation(IMAPProtocolError.nestingTooDeep(limit: 100).description)) { try session.send(.noop) }
    }

    @Test func neverEndingLineIsAProtocolError() throws {
        let endless = String(repeating: "x", count: 10_000)
        let connection = ScriptedConnection(steps: [
            .server(Array("* OK [CAPABILITY IMAP4rev1] ready\r\n".utf8)),
            .server(Array(("* OK " + endless).utf8)),
            .server(Array(endless.utf8)),
        ])
        let session = IMAPSession(connection: connection, configuration: SessionConfiguration(
            tlsMode: .insecure, limits: ParserLimits(maximumLineLength: 4096)))
        try session.start()
        #expect {
            try session.send(.noop)
        } throws: { error in
            guard case let IMAPError.protocolViolation(detail) = error else { return false }
            return detail.contains("longer than 4096")
        }
    }

    @Test func unknownTagIsAProtocolError() throws {
        let (session, _) = scriptedSession(startTLSPrelude + "\nC: M3 NOOP\nS: Z9 OK what\nS: M3 OK")
        try session.start()
        #expect(throws: IMAPError.protocolViolation("a completion for the unknown tag Z9")) { try session.send(.noop) }
    }

    @Test func closedConnectionIsAnError() throws {
        let (session, _) = scriptedSession(startTLSPrelude + "\nC: M3 NOOP\nS: * BYE shutting down\n-- CLOSE")
        try session.start()
        #expect(throws: IMAPError.serverBye("shutting down")) { try session.send(.noop) }
    }
}
