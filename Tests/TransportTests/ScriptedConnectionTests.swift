import Testing
import TransportTesting
@testable import Transport

/// The in-memory twin that protocol tests script.
@Suite struct ScriptedConnectionTests {
    @Test func playsAConversation() throws {
        let connection = ScriptedConnection(transcript: """
            S: * OK hello
            C: a CAPABILITY
            S: * CAPABILITY IMAP4rev1 STARTTLS
            S: a OK done
            C: b STARTTLS
            S: b OK go ahead
            -- STARTTLS
            C: c LOGOUT
            S: * BYE
            -- CLOSE
            """)
        #expect(try connection.line() == "* OK hello")
        try connection.send("a CAPABILITY")
        #expect(try connection.lines(until: "a ") == ["* CAPABILITY IMAP4rev1 STARTTLS", "a OK done"])
        try connection.send("b STARTTLS")
        #expect(try connection.line() == "b OK go ahead")
        try connection.startTLS()
        #expect(connection.isEncrypted)
        try connection.send("c LOGOUT")
        #expect(try connection.line() == "* BYE")
        #expect(try connection.readLine(maxLength: 100) == nil)
        #expect(connection.isFinished)
    }

    @Test func wrongClientBytesAreReported() throws {
        let connection = ScriptedConnection(transcript: "S: * OK\nC: a LOGIN x y")
        _ = try connection.line()
        #expect {
            try connection.send("a LOGOUT")
        } throws: { error in
            "\(error)".contains("a LOGIN x y")
        }
    }

    @Test func readingWhileTheScriptWaitsForTheClientFails() throws {
        let connection = ScriptedConnection(transcript: "C: a NOOP\nS: a OK")
        #expect(throws: TransportError.self) { _ = try connection.read(upTo: 10) }
    }

    @Test func unreadBytesBeforeTLSAreDropped() throws {
        let connection = ScriptedConnection(steps: [
            .server(Array("a OK begin\r\n* injected\r\n".utf8)),
            .startTLS,
            .server(Array("* OK secure\r\n".utf8)),
        ])
        #expect(try connection.line() == "a OK begin")
        try connection.startTLS()
        #expect(try connection.line() == "* OK secure")
    }

    @Test func pipelinedWritesAreMatchedLater() throws {
        let connection = ScriptedConnection(transcript: "C: a NOOP\nC: b NOOP\nS: a OK\nS: b OK")
        try connection.write(Array("a NOOP\r\nb NOOP\r\n".utf8))
        #expect(try connection.lines(until: "b ") == ["a OK", "b OK"])
        #expect(connection.isFinished)
    }
}
