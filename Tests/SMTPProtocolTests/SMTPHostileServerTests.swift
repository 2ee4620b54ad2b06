import Foundation
import TestSupport
import Testing
@testable import SMTPProtocol
import Transport

/// SMTP servers on a real socket that never stop talking: a multi-line reply with no
/// last line and a reply line with no end. Both end in a clear error with memory
/// bounded by the reader's limits, never a hang or an unbounded buffer.
@Suite struct SMTPHostileServerTests {
    func open(_ server: LoopbackServer) throws -> SMTPSession {
        try SMTPSession.connect(to: Endpoint(host: "127.0.0.1", port: server.port), mode: .insecure, tls: TLSSettings(),
                                timeouts: Timeouts(connect: 5, io: 5))
    }

    @Test func anEndlessMultiLineReplyIsCapped() throws {
        let server = try LoopbackServer { client in
            client.send("220 hostile ESMTP\r\n")
            _ = client.readLine()
            // 250- forever (bounded here only so the thread ends): the last line never comes.
            for index in 0..<(SMTPReplyReader.maxLines * 20) { client.send("250-capability \(index)\r\n") }
        }
        defer { server.stop() }
        #expect(throws: SMTPError.tooManyReplyLines(limit: SMTPReplyReader.maxLines)) { _ = try open(server) }
    }

    @Test func aReplyLineWithNoEndIsCapped() throws {
        let server = try LoopbackServer { client in
            client.send("220 hostile ESMTP\r\n")
            _ = client.readLine()
            let chunk = String(repeating: "A", count: 64 * 1024)
            client.send("250-")
            for _ in 0..<64 { client.send(chunk) }
        }
        defer { server.stop() }
        #expect(throws: TransportError.lineTooLong(limit: SMTPReplyReader.maxLineLength)) { _ = try open(server) }
    }

    @Test func anEndlessGreetingIsCapped() throws {
        let server = try LoopbackServer { client in
            for _ in 0..<(SMTPReplyReader.maxLines * 2) { client.send("220-welcome\r\n") }
        }
        defer { server.stop() }
        #expect(throws: SMTPError.tooManyReplyLines(limit: SMTPReplyReader.maxLines)) { _ = try open(server) }
    }

    /// A forged EHLO answer right behind the 220 to STARTTLS (CVE-2021-38370 class):
    /// thrown away, so the capabilities are those of the EHLO over TLS.
    @Test func bytesBehindTheSTARTTLSReplyAreNeverReadAsTheEHLOAnswer() throws {
        let certificates = try TestCertificates(commonName: "localhost", subjectAltName: "DNS:localhost,IP:127.0.0.1")
        defer { certificates.remove() }
        let server = try LoopbackServer { client in
            client.send("220 hostile ESMTP\r\n")
            _ = client.readLine()
            client.send("250-hostile\r\n250 STARTTLS\r\n")
            _ = client.readLine()
            client.send("220 2.0.0 go ahead\r\n250-injected\r\n250 AUTH INJECTED\r\n")
            // Let the injected bytes arrive before the client starts its handshake.
            Thread.sleep(forTimeInterval: 0.2)
            try client.startTLS(certificateFile: certificates.certificateFile, keyFile: certificates.keyFile)
            _ = client.readLine()
            client.send("250-tls.hostile\r\n250 AUTH PLAIN\r\n")
            _ = client.readLine()
            client.send("221 bye\r\n")
        }
        defer { server.stop() }
        let session = try SMTPSession.connect(to: Endpoint(host: "127.0.0.1", port: server.port), mode: .starttls,
                                              tls: TLSSettings(caFile: certificates.caFile), timeouts: Timeouts(connect: 5, io: 5))
        #expect(session.connection.isEncrypted)
        #expect(session.capabilities.authMechanisms == ["PLAIN"])
        #expect(session.capabilities.serverName == "tls.hostile")
        session.quit()
    }
}
