import Foundation
import TestSupport
import Testing
@testable import Transport

/// RFC 6125 on a loopback TLS server with certificates made for the test: the name is
/// checked against the subjectAltName, and the subject's CN is not a way around it.
/// Needs only the `openssl` tool, not the real test servers.
@Suite struct CertificateNameTests {
    /// A server that completes one TLS handshake with `certificates`, then greets.
    func server(_ certificates: TestCertificates) throws -> LoopbackServer {
        try LoopbackServer { client in
            try client.startTLS(certificateFile: certificates.certificateFile, keyFile: certificates.keyFile)
            client.send("* OK hello\r\n")
            _ = client.readLine()
        }
    }

    func connect(_ server: LoopbackServer, _ settings: TLSSettings) throws -> SocketConnection {
        try SocketConnection.connect(to: Endpoint(host: "127.0.0.1", port: server.port), mode: .implicit, tls: settings,
                                     timeouts: Timeouts(connect: 5, io: 5))
    }

    @Test func aCNThatMatchesDoesNotOverrideASANThatDoesNot() throws {
        let certificates = try TestCertificates(commonName: "localhost", subjectAltName: "DNS:other.example.test")
        defer { certificates.remove() }
        let server = try server(certificates)
        defer { server.stop() }
        #expect(throws: TransportError.hostNameMismatch(Endpoint(host: "127.0.0.1", port: server.port), expected: "localhost")) {
            _ = try connect(server, TLSSettings(caFile: certificates.caFile, serverName: "localhost"))
        }
    }

    @Test func aSANThatMatchesIsEnoughWhateverTheCN() throws {
        let certificates = try TestCertificates(commonName: "Unrelated Name", subjectAltName: "DNS:localhost")
        defer { certificates.remove() }
        let server = try server(certificates)
        defer { server.stop() }
        let connection = try connect(server, TLSSettings(caFile: certificates.caFile, serverName: "localhost"))
        defer { connection.close() }
        #expect(connection.isEncrypted)
        #expect(try connection.readLine(maxLength: 100) == Array("* OK hello\r\n".utf8))
        try connection.write(Array("a LOGOUT\r\n".utf8))
    }

    @Test func aCertificateFromACANotTrustedIsRefusedWithoutCAFile() throws {
        let certificates = try TestCertificates(commonName: "localhost", subjectAltName: "DNS:localhost")
        defer { certificates.remove() }
        let server = try server(certificates)
        defer { server.stop() }
        // The system store alone: the test CA is unknown there.
        #expect {
            _ = try connect(server, TLSSettings(serverName: "localhost"))
        } throws: { error in
            guard case TransportError.certificateUntrusted = error else { return false }
            return "\(error)".contains("ca_file")
        }
    }
}
