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

    /// The recipients' certificates folder is counted; an account that encrypts without
    /// a key of its own is warned about.
    @Test func reportsTheCertificatesFolderAndAnAccountWithoutItsKey() throws {
        let home = try GnuPGHome()
        defer { home.close() }
        let ca = try SMIMETestCA()
        defer { ca.close() }
        let bob = try ca.issue("Bob", address: "bob@example.test")
        let folder = try TemporaryFolder()
        let certificates = folder.path + "/certificates"
        try FileManager.default.createDirectory(atPath: certificates, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: bob.certificate, toPath: certificates + "/bob.pem")
        let base = try String(contentsOfFile: try TestConfig.unreachable(in: folder), encoding: .utf8)
            .replacingOccurrences(of: "email = \"me@example.test\"\n", with: "email = \"me@example.test\"\nencrypt = \"always\"\n")
        let config = try folder.write("c.toml", "[general]\nsmime_certificates = \"\(certificates)\"\n\n" + base)
        let checked = try MerleProcess.run(["config", "check", "--config", config], environment: ["GNUPGHOME": home.path])
        #expect(checked.output.contains("s/mime: 1 recipient certificate in \(certificates)"), "\(checked.output)")
        #expect(checked.output.contains("warning: account work encrypts (encrypt = \"always\"), but me@example.test (no key for me@example.test)"),
                "\(checked.output)")
    }
}
