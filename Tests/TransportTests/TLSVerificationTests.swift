import Foundation
import TestSupport
import Testing
@testable import Transport

/// Certificate checks against the real Dovecot's implicit-TLS IMAP port.
@Suite struct TLSVerificationTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    var imaps: Endpoint { Endpoint(host: servers.host, port: servers.imapsPort) }

    @Test func trustedCASucceeds() throws {
        let connection = try SocketConnection.connect(to: imaps, mode: .implicit, tls: TLSSettings(caFile: servers.caFile))
        defer { connection.close() }
        #expect(connection.isEncrypted)
        #expect(try connection.line().hasPrefix("* OK"))
    }

    @Test func localhostByNameResolvesAndVerifies() throws {
        let endpoint = Endpoint(host: "localhost", port: servers.imapsPort)
        let connection = try SocketConnection.connect(to: endpoint, mode: .implicit, tls: TLSSettings(caFile: servers.caFile))
        defer { connection.close() }
        #expect(try connection.line().hasPrefix("* OK"))
    }

    @Test func untrustedCertificateFailsNamingTheProblem() throws {
        // Without ca_file the test CA is unknown to the system store.
        do {
            _ = try SocketConnection.connect(to: imaps, mode: .implicit)
            Issue.record("an untrusted certificate was accepted")
        } catch let error as TransportError {
            guard case .certificateUntrusted = error else {
                Issue.record("wrong error: \(error)")
                return
            }
            #expect(error.description.contains("not trusted"))
            #expect(error.description.contains("ca_file"))
        }
    }

    @Test func wrongHostNameFails() throws {
        let settings = TLSSettings(caFile: servers.caFile, serverName: "imap.wrong-name.test")
        #expect(throws: TransportError.hostNameMismatch(imaps, expected: "imap.wrong-name.test")) {
            _ = try SocketConnection.connect(to: imaps, mode: .implicit, tls: settings)
        }
    }

    @Test func rightFingerprintPinSucceedsWithoutCA() throws {
        let pin = try Self.fingerprint(ofPEM: servers.serverCertFile)
        let connection = try SocketConnection.connect(to: imaps, mode: .implicit, tls: TLSSettings(fingerprint: pin))
        defer { connection.close() }
        #expect(connection.peerFingerprint == pin)
        #expect(try connection.line().hasPrefix("* OK"))
    }

    @Test func wrongFingerprintPinFails() throws {
        let wrong = CertificateFingerprint(bytes: [UInt8](repeating: 0xAB, count: 32))
        do {
            _ = try SocketConnection.connect(to: imaps, mode: .implicit, tls: TLSSettings(fingerprint: wrong))
            Issue.record("a wrong pin was accepted")
        } catch let TransportError.fingerprintMismatch(_, expected, actual) {
            #expect(expected == wrong.description)
            #expect(actual == (try Self.fingerprint(ofPEM: servers.serverCertFile)).description)
        }
    }

    @Test func missingCAFileIsReported() throws {
        #expect(throws: TransportError.self) {
            _ = try SocketConnection.connect(to: imaps, mode: .implicit, tls: TLSSettings(caFile: "/nonexistent/ca.pem"))
        }
    }

    @Test func plainPortWithImplicitTLSFailsClearly() throws {
        // Port 143-style servers speak plain text first: a handshake cannot succeed.
        let plain = Endpoint(host: servers.host, port: servers.imapPort)
        var settings = TLSSettings(caFile: servers.caFile)
        settings.serverName = "localhost"
        #expect(throws: TransportError.self) {
            _ = try SocketConnection.connect(to: plain, mode: .implicit, tls: settings,
                                             timeouts: Timeouts(connect: 3, io: 3))
        }
    }

    /// The SHA-256 of a PEM certificate's DER form, computed with the openssl tool so the
    /// test does not trust the code under test.
    static func fingerprint(ofPEM path: String) throws -> CertificateFingerprint {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["x509", "-in", path, "-noout", "-fingerprint", "-sha256"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard let equals = text.firstIndex(of: "="),
              let pin = CertificateFingerprint(String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestSupportError("cannot read the fingerprint of \(path): \(text)")
        }
        return pin
    }
}
