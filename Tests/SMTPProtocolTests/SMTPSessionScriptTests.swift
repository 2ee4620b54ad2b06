import Foundation
import Testing
import TransportTesting
import Transport
@testable import SMTPProtocol

/// Session behaviour against scripted servers, including the STARTTLS attacks.
@Suite struct SMTPSessionScriptTests {
    @Test func startTLSThenAuthPlain() throws {
        let token = Data("\u{0}alice\u{0}secret".utf8).base64EncodedString()
        let connection = ScriptedConnection(transcript: """
            S: 220 mail.example.test ESMTP
            C: EHLO client.test
            S: 250-mail.example.test
            S: 250 STARTTLS
            C: STARTTLS
            S: 220 2.0.0 Ready to start TLS
            -- STARTTLS
            C: EHLO client.test
            S: 250-mail.example.test
            S: 250 AUTH PLAIN LOGIN
            C: AUTH PLAIN \(token)
            S: 235 2.7.0 Authentication successful
            C: QUIT
            S: 221 2.0.0 Bye
            """)
        let session = try SMTPSession(connection: connection, mode: .starttls, clientName: "client.test")
        #expect(connection.isEncrypted)
        #expect(session.capabilities.authMechanisms == ["PLAIN", "LOGIN"])
        #expect(!session.capabilities.supports("STARTTLS"))
        try session.authenticate(user: "alice", password: "secret")
        session.quit()
        #expect(connection.isFinished)
    }

    @Test func missingSTARTTLSAbortsBeforeAnythingElseIsSent() throws {
        let connection = ScriptedConnection(transcript: """
            S: 220 mail.example.test ESMTP
            C: EHLO client.test
            S: 250-mail.example.test
            S: 250 AUTH PLAIN
            """)
        #expect(throws: SMTPError.startTLSUnavailable) {
            _ = try SMTPSession(connection: connection, mode: .starttls, clientName: "client.test")
        }
        #expect(connection.unmatchedClientBytes.isEmpty)
    }

    @Test func capabilitiesFromBeforeTLSAreForgotten() throws {
        // The plain-text EHLO claims AUTH PLAIN; after TLS the server offers none.
        let connection = ScriptedConnection(transcript: """
            S: 220 mail.example.test ESMTP
            C: EHLO c
            S: 250-mail.example.test
            S: 250-AUTH PLAIN
            S: 250 STARTTLS
            C: STARTTLS
            S: 220 go
            -- STARTTLS
            C: EHLO c
            S: 250 mail.example.test
            """)
        let session = try SMTPSession(connection: connection, mode: .starttls, clientName: "c")
        #expect(session.capabilities.authMechanisms.isEmpty)
        #expect(throws: SMTPError.noCommonAuthMechanism(offered: [])) {
            try session.authenticate(user: "a", password: "b")
        }
    }

    @Test func heloFallbackForOldServers() throws {
        let connection = ScriptedConnection(transcript: """
            S: 220 old.example.test SMTP
            C: EHLO c
            S: 502 5.5.2 Command not recognized
            C: HELO c
            S: 250 old.example.test
            """)
        let session = try SMTPSession(connection: connection, mode: .insecure, clientName: "c")
        #expect(session.capabilities.keywords.isEmpty)
    }

    @Test func authLoginWhenPlainIsMissing() throws {
        let connection = ScriptedConnection(transcript: """
            S: 220 mail ESMTP
            C: EHLO c
            S: 250-mail
            S: 250 AUTH LOGIN
            C: AUTH LOGIN
            S: 334 VXNlcm5hbWU6
            C: \(Data("alice".utf8).base64EncodedString())
            S: 334 UGFzc3dvcmQ6
            C: \(Data("pw".utf8).base64EncodedString())
            S: 535 5.7.8 Error: authentication failed
            """)
        let session = try SMTPSession(connection: connection, mode: .insecure, clientName: "c")
        do {
            try session.authenticate(user: "alice", password: "pw")
            Issue.record("a refused login succeeded")
        } catch let error as SMTPError {
            #expect(error.description.contains("refused the login"))
            #expect(!error.description.contains("pw"))
        }
    }

    @Test func badGreetingIsRefused() {
        let connection = ScriptedConnection(transcript: "S: 554 5.3.2 go away")
        #expect(throws: SMTPError.self) { _ = try SMTPSession(connection: connection, mode: .starttls) }
    }

    @Test func lineBreaksInCommandsAreRefused() throws {
        let connection = ScriptedConnection(transcript: "S: 220 mail\nC: EHLO c\nS: 250 mail")
        let session = try SMTPSession(connection: connection, mode: .insecure, clientName: "c")
        #expect(throws: SMTPError.injection(field: "command")) {
            try session.command("MAIL FROM:<a@b>\r\nRCPT TO:<evil@example.org>")
        }
        #expect(throws: SMTPError.injection(field: "user name or password")) {
            try session.authenticate(user: "a\r\nQUIT", password: "b")
        }
    }
}

@Suite struct SMTPOAuthTests {
    @Test func xoauth2SendsTheBearerToken() throws {
        let initial = Data("user=alice@example.test\u{1}auth=Bearer ya29.token\u{1}\u{1}".utf8).base64EncodedString()
        let connection = ScriptedConnection(transcript: """
            S: 220 smtp.example.test ESMTP
            C: EHLO c
            S: 250-smtp.example.test
            S: 250 AUTH XOAUTH2 PLAIN
            C: AUTH XOAUTH2 \(initial)
            S: 235 2.7.0 Accepted
            """)
        let session = try SMTPSession(connection: connection, mode: .insecure, clientName: "c")
        try session.authenticate(user: "alice@example.test", accessToken: "ya29.token")
        #expect(connection.isFinished)
    }

    @Test func aRejectedTokenEndsTheChallengeAndFailsWithoutTheToken() throws {
        let initial = Data("user=a\u{1}auth=Bearer secret-token\u{1}\u{1}".utf8).base64EncodedString()
        let connection = ScriptedConnection(transcript: """
            S: 220 smtp ESMTP
            C: EHLO c
            S: 250-smtp
            S: 250 AUTH XOAUTH2
            C: AUTH XOAUTH2 \(initial)
            S: 334 eyJzdGF0dXMiOiI0MDEifQ==
            C: \("")
            S: 535 5.7.8 Username and Password not accepted
            """)
        let session = try SMTPSession(connection: connection, mode: .insecure, clientName: "c")
        do {
            try session.authenticate(user: "a", accessToken: "secret-token")
            Issue.record("a rejected token was accepted")
        } catch {
            #expect("\(error)".contains("refused the login"))
            #expect(!"\(error)".contains("secret-token"))
        }
    }
}

@Suite struct SMTPEightBitTests {
    static func session(extensions: [String]) throws -> (SMTPSession, ScriptedConnection) {
        var lines = ["S: 220 old ESMTP", "C: EHLO c"]
        let all = ["old"] + extensions
        for (index, word) in all.enumerated() {
            lines.append("S: 250\(index == all.count - 1 ? " " : "-")\(word)")
        }
        lines += ["C: MAIL FROM:<a@example.test>", "S: 250 ok", "C: RCPT TO:<b@example.test>", "S: 250 ok", "C: DATA", "S: 354 go"]
        let connection = ScriptedConnection(transcript: lines.joined(separator: "\n"))
        return (try SMTPSession(connection: connection, mode: .insecure, clientName: "c"), connection)
    }

    @Test func eightBitToAServerWithout8BITMIMEIsRefusedBeforeAnythingIsSent() throws {
        let (session, connection) = try Self.session(extensions: [])
        #expect(throws: SMTPError.eightBitUnsupported) {
            _ = try session.send(Array("Subject: x\r\n\r\nGrüße\r\n".utf8), envelope: SMTPEnvelope(sender: "a@example.test", recipients: ["b@example.test"]))
        }
        #expect(connection.unmatchedClientBytes.isEmpty)
    }

    @Test func sevenBitQuotedPrintableGoesThroughWithout8BITMIME() throws {
        let (session, _) = try Self.session(extensions: [])
        // The script ends after 354: the content goes out, and only the reply to the
        // final dot is missing — the uncertain window, not a refusal.
        #expect {
            _ = try session.send(Array("Subject: x\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe\r\n".utf8),
                                 envelope: SMTPEnvelope(sender: "a@example.test", recipients: ["b@example.test"]))
        } throws: { error in
            if case SMTPError.uncertainDelivery = error { return true }
            return false
        }
    }
}
