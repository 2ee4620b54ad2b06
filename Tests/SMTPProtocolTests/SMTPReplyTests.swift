import Testing
import TransportTesting
import Transport
@testable import SMTPProtocol

@Suite struct SMTPReplyTests {
    func reply(_ text: String) throws -> SMTPReply {
        try SMTPReplyReader.read(from: ScriptedConnection(steps: [.server(Array(text.utf8))]))
    }

    @Test func singleLineWithEnhancedCode() throws {
        let parsed = try reply("250 2.1.0 Ok\r\n")
        #expect(parsed == SMTPReply(code: 250, enhancedCode: "2.1.0", lines: ["Ok"]))
        #expect(parsed.isPositive)
    }

    @Test func multiLineEHLO() throws {
        let parsed = try reply("250-mail.example.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-AUTH PLAIN LOGIN\r\n250-AUTH=PLAIN\r\n250 8BITMIME\r\n")
        #expect(parsed.lines.count == 6)
        let capabilities = SMTPCapabilities(ehlo: parsed)
        #expect(capabilities.serverName == "mail.example.test")
        #expect(capabilities.supports("pipelining"))
        #expect(capabilities.supports("8BITMIME"))
        #expect(capabilities.maximumSize == 10_240_000)
        #expect(capabilities.authMechanisms == ["PLAIN", "LOGIN"])
    }

    @Test func bareCodeAndLFOnly() throws {
        #expect(try reply("354\n") == SMTPReply(code: 354, lines: [""]))
    }

    @Test func failureClasses() throws {
        #expect(try reply("451 4.3.0 try later\r\n").isTransientFailure)
        #expect(try reply("550 5.1.1 <x@y>: Recipient address rejected\r\n").isPermanentFailure)
        #expect(try reply("550 5.1.1 <x@y>: Recipient address rejected\r\n").text == "<x@y>: Recipient address rejected")
    }

    @Test(arguments: ["hello\r\n", "25\r\n", "250+ok\r\n", "999 no\r\n", "\r\n"])
    func malformedRepliesAreErrors(_ text: String) {
        #expect(throws: SMTPError.self) { _ = try reply(text) }
    }

    @Test func changingCodeInsideAReplyIsAnError() {
        #expect(throws: SMTPError.self) { _ = try reply("250-one\r\n251 two\r\n") }
    }

    @Test func closedBeforeTheReplyEnds() {
        #expect(throws: SMTPError.closed) { _ = try reply("250-one\r\n") }
    }
}
