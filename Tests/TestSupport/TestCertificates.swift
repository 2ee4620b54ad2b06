import Foundation

/// A throwaway CA and one server certificate it signed, made with the `openssl` tool
/// (as `scripts/test-servers` makes its own), for TLS tests on a `LoopbackServer` that
/// need a chosen subject or SAN and must not depend on the real test servers.
public struct TestCertificates: Sendable {
    /// The folder holding the files; removed by `remove()`.
    public let folder: String
    public var caFile: String { folder + "/ca.pem" }
    public var certificateFile: String { folder + "/leaf.pem" }
    public var keyFile: String { folder + "/leaf.key" }

    /// Issues a leaf with subject `CN=commonName` and, when given, the
    /// `subjectAltName` extension (`DNS:localhost,IP:127.0.0.1`).
    public init(commonName: String, subjectAltName: String?) throws {
        folder = NSTemporaryDirectory() + "merle-certs-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try Self.openssl(["req", "-x509"] + ec + ["-subj", "/CN=Merle Hostile Test CA", "-days", "2",
                          "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign",
                          "-keyout", "ca.key", "-out", "ca.pem"], in: folder)
        try Self.openssl(["req", "-new"] + ec + ["-subj", "/CN=\(commonName)", "-keyout", "leaf.key", "-out", "leaf.csr"], in: folder)
        var extensions = "basicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\n"
        if let subjectAltName { extensions += "subjectAltName=\(subjectAltName)\n" }
        try extensions.write(toFile: folder + "/leaf.ext", atomically: true, encoding: .utf8)
        try Self.openssl(["x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                          "-days", "2", "-extfile", "leaf.ext", "-out", "leaf.pem"], in: folder)
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private static func openssl(_ arguments: [String], in folder: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSupportError("openssl \(arguments.first ?? "") failed: \(text)")
        }
    }
}
