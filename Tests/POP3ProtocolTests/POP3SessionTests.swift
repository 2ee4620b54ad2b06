import Foundation
import TestSupport
import Testing
import TransportTesting
import Transport
@testable import POP3Protocol

@Suite struct POP3ReplyTests {
    @Test func parsesStatusAndExtendedCodes() throws {
        #expect(try POP3Reply.parse(Array("+OK Dovecot ready.\r\n".utf8)) == POP3Reply(isOK: true, text: "Dovecot ready."))
        #expect(try POP3Reply.parse(Array("-ERR [AUTH] Authentication failed.\r\n".utf8))
                == POP3Reply(isOK: false, code: "AUTH", text: "Authentication failed."))
        #expect(try POP3Reply.parse(Array("+OK\r\n".utf8)) == POP3Reply(isOK: true, text: ""))
    }

    @Test(arguments: ["OK fine\r\n", "* OK imap\r\n", "\r\n", "+O\r\n"])
    func malformed(_ text: String) {
        #expect(throws: POP3Error.self) { _ = try POP3Reply.parse(Array(text.utf8)) }
    }
}

@Suite struct POP3SessionScriptTests {
    @Test func stlsIsRequiredWhenAsked() {
        let connection = ScriptedConnection(transcript: """
            S: +OK ready
            C: CAPA
            S: +OK
            S: USER
            S: UIDL
            S: .
            """)
        #expect(throws: POP3Error.startTLSUnavailable) { _ = try POP3Session(connection: connection, mode: .starttls) }
        #expect(connection.unmatchedClientBytes.isEmpty)
    }

    @Test func aConnectionLostDuringCAPAIsNotAMissingSTLS() {
        let connection = ScriptedConnection(transcript: """
            S: +OK ready
            C: CAPA
            S: +OK
            S: USER
            """)
        #expect(throws: POP3Error.closed) { _ = try POP3Session(connection: connection, mode: .starttls) }
        let refusing = ScriptedConnection(transcript: """
            S: +OK ready
            C: CAPA
            S: -ERR unknown command
            """)
        #expect(throws: POP3Error.startTLSUnavailable) { _ = try POP3Session(connection: refusing, mode: .starttls) }
    }

    @Test func listingsAreDotUnstuffed() throws {
        let connection = ScriptedConnection(transcript: """
            S: +OK ready
            C: CAPA
            S: -ERR no CAPA here
            C: TOP 1 0
            S: +OK
            S: Subject: hi
            S: ..leading dot
            S: .
            """)
        let session = try POP3Session(connection: connection, mode: .insecure)
        #expect(session.capabilities.isEmpty)
        #expect(try session.multiLine("TOP 1 0") == ["Subject: hi", ".leading dot"])
    }

    @Test func endlessListingIsCapped() throws {
        var steps: [ScriptedConnection.Step] = [.server(Array("+OK ready\r\n".utf8)), .client(Array("CAPA\r\n".utf8)),
                                                .server(Array("-ERR\r\n".utf8)), .client(Array("UIDL\r\n".utf8)),
                                                .server(Array("+OK\r\n".utf8))]
        steps += (1...200).map { .server(Array("\($0) uid\($0)\r\n".utf8)) }
        let session = try POP3Session(connection: ScriptedConnection(steps: steps), mode: .insecure)
        session.listingLimit = 100
        #expect(throws: POP3Error.listingTooLong(limit: 100)) { _ = try session.multiLine("UIDL") }
    }

    @Test func credentialsWithLineBreaksAreRefused() throws {
        let session = try POP3Session(connection: ScriptedConnection(transcript: "S: +OK\nC: CAPA\nS: -ERR"), mode: .insecure)
        #expect(throws: POP3Error.self) { try session.authenticate(user: "bob\r\nDELE 1", password: "x") }
    }
}

/// Against the real Dovecot POP3.
@Suite struct POP3SessionServerTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    @Test func stlsAndLogin() throws {
        let bob = try servers.user("bob")
        let session = try POP3Session.connect(to: Endpoint(host: servers.host, port: servers.pop3Port), mode: .starttls,
                                              tls: TLSSettings(caFile: servers.caFile))
        defer { session.quit() }
        #expect(session.connection.isEncrypted)
        #expect(session.hasCapability("UIDL"))
        try session.authenticate(user: bob.name, password: bob.password)
        #expect(try session.command("STAT").isOK)
    }

    @Test func implicitTLSAndWrongPassword() throws {
        let bob = try servers.user("bob")
        let session = try POP3Session.connect(to: Endpoint(host: servers.host, port: servers.pop3sPort), mode: .implicit,
                                              tls: TLSSettings(caFile: servers.caFile))
        defer { session.quit() }
        let wrong = "not-\(bob.password)"
        do {
            try session.authenticate(user: bob.name, password: wrong)
            Issue.record("a wrong password was accepted")
        } catch let error as POP3Error {
            #expect(error.description.contains("refused the login"))
            #expect(!error.description.contains(wrong))
        }
    }
}

@Suite struct POP3APOPAndPipeliningTests {
    @Test func apopDigestMatchesRFC1939Example() {
        // RFC 1939 §7: "<1896.697170952@dbc.mtview.ca.us>" + "tanstaaf".
        #expect(POP3Session.apopDigest(timestamp: "<1896.697170952@dbc.mtview.ca.us>", password: "tanstaaf")
                == "c4c9334bac560ecc979e58001b3e22fb")
    }

    @Test func apopIsUsedOnPlainConnectionsSoThePasswordNeverCrossesTheWire() throws {
        let connection = ScriptedConnection(transcript: """
            S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>
            C: CAPA
            S: -ERR
            C: APOP mrose c4c9334bac560ecc979e58001b3e22fb
            S: +OK maildrop has 1 message (369 octets)
            """)
        let session = try POP3Session(connection: connection, mode: .insecure)
        try session.authenticate(user: "mrose", password: "tanstaaf")
        #expect(connection.isFinished)
    }

    @Test func pipelinedRetrievalKeepsOrder() throws {
        let connection = ScriptedConnection(steps: [
            .server(Array("+OK ready\r\n".utf8)), .client(Array("CAPA\r\n".utf8)),
            .server(Array("+OK\r\nPIPELINING\r\nUIDL\r\n.\r\n".utf8)),
            .client(Array("RETR 1\r\nRETR 2\r\n".utf8)),
            .server(Array("+OK\r\none\r\n.\r\n".utf8)),
            .client(Array("RETR 3\r\n".utf8)),
            .server(Array("+OK\r\n..two\r\n.\r\n+OK\r\nthree\r\n.\r\n".utf8)),
        ])
        let session = try POP3Session(connection: connection, mode: .insecure)
        var got: [String] = []
        try session.retrieve([1, 2, 3], window: 2) { number, bytes in
            got.append("\(number):" + String(decoding: bytes, as: UTF8.self))
        }
        #expect(got == ["1:one\r\n", "2:.two\r\n", "3:three\r\n"])
    }
}

@Suite struct POP3LongLineTests {
    @Test func messageLinesLongerThanStatusLinesAreKept() throws {
        let long = String(repeating: "x", count: 100_000)
        let connection = ScriptedConnection(transcript: """
            S: +OK ready
            C: CAPA
            S: -ERR
            C: RETR 1
            S: +OK
            S: \(long)
            S: .
            """)
        let session = try POP3Session(connection: connection, mode: .insecure)
        #expect(try session.retrieve(1) == Array((long + "\r\n").utf8))
    }
}
