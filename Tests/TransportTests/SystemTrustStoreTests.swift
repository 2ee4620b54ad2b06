import Foundation
import Testing
@testable import Transport

/// The system CA store is read from its hashed directory (lazily), the bundle file only
/// where the directory cannot serve or the environment names one.
@Suite struct SystemTrustStoreTests {
    func folder(_ names: [String]) throws -> String {
        let path = NSTemporaryDirectory() + "merle-trust-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for name in names { try "".write(toFile: path + "/" + name, atomically: true, encoding: .utf8) }
        return path
    }

    @Test func aHashedDirectoryIsUsedWithoutTheBundle() throws {
        let hashed = try folder(["ca-certificates.crt", "002c0b4f.0", "Some_Root_CA.pem"])
        defer { try? FileManager.default.removeItem(atPath: hashed) }
        #expect(SystemTrustStore.hasHashLinks(hashed))
        #expect(SystemTrustStore.sources(environment: ["SSL_CERT_DIR": hashed]) == .init(directories: hashed, file: nil))
        // An explicit bundle is honoured too.
        #expect(SystemTrustStore.sources(environment: ["SSL_CERT_DIR": hashed, "SSL_CERT_FILE": "/x/bundle.pem"])
            == .init(directories: hashed, file: "/x/bundle.pem"))
    }

    @Test func withoutHashLinksTheBundleFileIsRead() throws {
        let plain = try folder(["ca-bundle.crt", "README", "0123456.0", "0123456z.0"])
        defer { try? FileManager.default.removeItem(atPath: plain) }
        #expect(!SystemTrustStore.hasHashLinks(plain), "7 digits, or not hex, is no hash link")
        let sources = SystemTrustStore.sources(environment: ["SSL_CERT_DIR": plain + ":/nonexistent"])
        #expect(sources.directories == nil)
        #expect(sources.file?.isEmpty == false, "OpenSSL's default bundle file")
    }
}
