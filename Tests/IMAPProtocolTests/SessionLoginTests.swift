import Testing
import Transport
@testable import IMAPProtocol

/// Login methods chosen from the capabilities, and what a refused login says.
@Suite struct SessionLoginTests {
    @Test func authenticatePlainWithSASLIR() throws {
        let (session, connection) = scriptedSession(startTLSPrelude + """

        C: M3 AUTHENTICATE PLAIN AGRhdmUAc2VjcmV0
        S: M3 OK [CAPABILITY IMAP4rev1 IDLE ENABLE QRESYNC] Logged in
        """)
        try session.start()
        try session.login(.password(user: "dave", password: "secret"))
        #expect(session.state == .authenticated)
        #expect(session.capabilities == ["IMAP4rev1", "IDLE", "ENABLE", "QRESYNC"])
        #expect(connection.isFinished)
    }

    @Test func authenticatePlainWithoutSASLIR() throws {
        let (session, connection) = scriptedSession("""
        S: * OK [CAPABILITY IMAP4rev1 STARTTLS] ready
        C: M1 STARTTLS
        S: M1 OK go
        -- STARTTLS
        C: M2 CAPABILITY
        S: * CAPABILITY IMAP4rev1 AUTH=PLAIN
        S: M2 OK
        C: M3 AUTHENTICATE PLAIN
        S: +
        C: AGRhdmUAc2VjcmV0
        S: M3 OK Logged in
        C: M4 CAPABILITY
        S: * CAPABILITY IMAP4rev1 IDLE
        S: M4 OK
        """)
        try session.start()
        try session.login(.password(user: "dave", password: "secret"))
        #expect(session.has(.idle))
        #expect(connection.isFinished)
    }

    @Test func loginFallback() throws {
        let (session, connection) = scriptedSession("""
        S: * OK [CAPABILITY IMAP4rev1 STARTTLS] ready
        C: M1 STARTTLS
        S: M1 OK go
        -- STARTTLS
        C: M2 CAPABILITY
        S: * CAPABILITY IMAP4rev1
        S: M2 OK
        C: M3 LOGIN dave "pa\\"ss"
        S: M3 OK [CAPABILITY IMAP4rev1] Logged in
        """)
        try session.start()
        try session.login(.password(user: "dave", password: "pa\"ss"))
        #expect(connection.isFinished)
    }

    @Test func loginDisabledWithoutPlainIsAClearError() throws {
        let (session, connection) = scriptedSession("""
        S: * OK [CAPABILITY IMAP4rev1 STARTTLS] ready
        C: M1 STARTTLS
        S: M1 OK go
        -- STARTTLS
        C: M2 CAPABILITY
        S: * CAPABILITY IMAP4rev1 LOGINDISABLED AUTH=GSSAPI
        S: M2 OK
        """)
        try session.start()
        #expect(throws: IMAPError.noUsableLoginMethod("the server disables LOGIN and does not offer AUTH=PLAIN")) {
            try session.login(.password(user: "dave", password: "secret"))
        }
        #expect(connection.unmatchedClientBytes.isEmpty)
    }

    /// The refusal names what to check, and never holds the password, even when the
    /// server echoes it.
    @Test func refusedLoginNeverShowsThePassword() throws {
        let (session, _) = scriptedSession(startTLSPrelude + """

        C: M3 AUTHENTICATE PLAIN AGRhdmVzAGh1bnRlcjI=
        S: M3 NO [AUTHENTICATIONFAILED] Authentication failed for daves/hunter2 (AGRhdmVzAGh1bnRlcjI=)
        """)
        try session.start()
        do {
            try session.login(.password(user: "daves", password: "hunter2"))
            Issue.record("login succeeded")
        } catch let error as IMAPError {
            let text = error.description
            #expect(text.hasPrefix("the server refused the login ("))
            #expect(text.hasSuffix("): check user and password_command"))
            #expect(!text.contains("hunter2"))
            #expect(!text.contains("AGRhdmVzAGh1bnRlcjI"))
            #expect(text.contains("daves/<redacted>"))
            #expect(!"\(error)".contains("hunter2"))
            #expect(!String(reflecting: error).contains("hunter2"))
        }
        #expect(!"\(Credentials.password(user: "dave", password: "hunter2"))".contains("hunter2"))
    }

    @Test func xoauth2() throws {
        let response = Base64.encode(Array("user=dave@example.test\u{1}auth=Bearer ya29.token\u{1}\u{1}".utf8))
        let (session, connection) = scriptedSession(startTLSPrelude + """

        C: M3 AUTHENTICATE XOAUTH2 \(response)
        S: M3 OK [CAPABILITY IMAP4rev1] done
        """)
        try session.start()
        try session.login(.xoauth2(user: "dave@example.test", token: "ya29.token"))
        #expect(connection.isFinished)
    }

    @Test func xoauth2ErrorChallengeGetsAnEmptyAnswer() throws {
        let response = Base64.encode(Array("user=dave\u{1}auth=Bearer expired\u{1}\u{1}".utf8))
        let (session, _) = scriptedSession(startTLSPrelude + """

        C: M3 AUTHENTICATE XOAUTH2 \(response)
        S: + eyJzdGF0dXMiOiI0MDEifQ==
        C: 
        S: M3 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)
        """)
        try session.start()
        #expect(throws: IMAPError.loginRefused("Invalid credentials (Failure)")) {
            try session.login(.xoauth2(user: "dave", token: "expired"))
        }
    }

    @Test func oauthBearer() throws {
        let response = Base64.encode(Array("n,a=da=3Dve=2Cx,\u{1}auth=Bearer tok\u{1}\u{1}".utf8))
        let (session, connection) = scriptedSession(startTLSPrelude + """

        C: M3 AUTHENTICATE OAUTHBEARER \(response)
        S: + eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIn0=
        C: AQ==
        S: M3 NO [AUTHENTICATIONFAILED] no
        """)
        try session.start()
        #expect(throws: IMAPError.loginRefused("no")) { try session.login(.oauthBearer(user: "da=ve,x", token: "tok")) }
        #expect(connection.isFinished)
    }
}
