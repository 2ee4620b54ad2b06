import Foundation
import TestSupport
import Testing

/// `merle config check` reports the GnuPG and S/MIME setup reading uses.
@Suite struct ConfigCheckCryptoTests {
    @Test func reportsGnuPGKeysAndTheSMIMEPair() throws {
        let home = try GnuPGHome()
        defer { home.close() }
        let fingerprint = try home.makeKey("Alice <alice@example.test>")
        let ca = try SMIMETestCA()
        defer { ca.close() }
        let alice = try ca.issue("Alice", address: "alice@example.test")
        let bob = try ca.issue("Bob", address: "bob@example.test")
        let folder = try TemporaryFolder()
        let base = try String(contentsOfFile: try TestConfig.unreachable(in: folder), encoding: .utf8)
        func config(key: String, certificate: String) throws -> String {
            try folder.write("c-\(UUID().uuidString).toml", "[general]\nsmime_key = \"\(key)\"\nsmime_certificate = \"\(certificate)\"\n\n" + base)
        }

        let good = try MerleProcess.run(["config", "check", "--config", try config(key: alice.key, certificate: alice.certificate)],
                                        environment: ["GNUPGHOME": home.path])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.output.contains("openpgp: gpg "), "\(good.output)")
        #expect(good.output.contains("home \(home.path): 1 secret key"), "\(good.output)")
        #expect(good.output.contains("Alice <alice@example.test> \(fingerprint)"), "\(good.output)")
        #expect(good.output.contains("s/mime: /CN=Alice/emailAddress=alice@example.test (alice@example.test), valid until"), "\(good.output)")

        let mismatched = try MerleProcess.run(["config", "check", "--config", try config(key: bob.key, certificate: alice.certificate)],
                                              environment: ["GNUPGHOME": home.path])
        #expect(mismatched.status == 1)
        #expect(mismatched.output.contains("is not the key of the certificate"), "\(mismatched.output)")
    }
}
