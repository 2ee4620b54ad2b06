import Foundation
import TestSupport
import Testing
import Transport
@testable import POP3Protocol

/// A POP3 server that puts a forged CAPA answer right behind its `+OK` to STLS
/// (the CVE-2020-14954 / CVE-2021-38370 class): those bytes must be thrown away, so
/// the capabilities are the ones the server gives over TLS.
@Suite struct POP3STLSInjectionTests {
    @Test func bytesBehindTheSTLSReplyAreNeverReadAsTheCAPAAnswer() throws {
        let certificates = try TestCertificates(commonName: "localhost", subjectAltName: "DNS:localhost,IP:127.0.0.1")
        defer { certificates.remove() }
        let lines = Lines()
        let server = try LoopbackServer { client in
            client.send("+OK ready\r\n")
            lines.append(client.readLine())
            client.send("+OK\r\nSTLS\r\nUSER\r\n.\r\n")
            lines.append(client.readLine())
            client.send("+OK begin TLS\r\n+OK\r\nSASL INJECTED\r\n.\r\n")
            // Let the injected bytes arrive before the client starts its handshake.
            Thread.sleep(forTimeInterval: 0.2)
            try client.startTLS(certificateFile: certificates.certificateFile, keyFile: certificates.keyFile)
            lines.append(client.readLine())
            client.send("+OK\r\nUSER\r\nUIDL\r\n.\r\n")
            lines.append(client.readLine())
            client.send("+OK bye\r\n")
        }
        defer { server.stop() }
        let session = try POP3Session.connect(to: Endpoint(host: "127.0.0.1", port: server.port), mode: .starttls,
                                              tls: TLSSettings(caFile: certificates.caFile), timeouts: Timeouts(connect: 5, io: 5))
        #expect(session.connection.isEncrypted)
        #expect(session.capabilities == ["USER", "UIDL"])
        #expect(!session.hasCapability("SASL"))
        // The server read the second CAPA before it answered it, so this is settled.
        #expect(lines.all.prefix(3) == ["CAPA\r\n", "STLS\r\n", "CAPA\r\n"])
        session.quit()
    }
}
