import Foundation

/// A throwaway certificate authority made with the real `openssl` command, for S/MIME
/// tests: people's certificates and keys as PEM files in a temporary folder, and
/// messages signed and encrypted by `openssl cms` itself.
public final class SMIMETestCA {
    public let folder: String
    public var caCertificate: String { folder + "/ca.crt" }

    public init() throws {
        var template = Array("/tmp/ms-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw GnuPGHome.Failure("mkdtemp failed") }
        folder = String(cString: made)
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", folder + "/ca.key", "-out", caCertificate,
                     "-subj", "/CN=Merle Test CA", "-days", "2", "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    }

    public func close() { try? FileManager.default.removeItem(atPath: folder) }

    /// Issues a certificate for `name` <`address`>; gives the paths of its key and
    /// certificate. `days` may be negative for one that has already expired.
    @discardableResult
    public func issue(_ name: String, address: String, days: Int = 2) throws -> (key: String, certificate: String) {
        let base = folder + "/" + address
        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", base + ".key", "-out", base + ".csr",
                     "-subj", "/CN=\(name)/emailAddress=\(address)"])
        return (base + ".key", try sign(request: base + ".csr", address: address, days: days))
    }

    /// Signs a certificate request made elsewhere (by gpgsm, say) for `address`; gives
    /// the certificate's path.
    public func sign(request: String, address: String, days: Int = 2) throws -> String {
        let base = folder + "/" + address
        let extensions = base + ".ext"
        try Data("subjectAltName=email:\(address)\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=emailProtection\n".utf8)
            .write(to: URL(fileURLWithPath: extensions))
        // `openssl ca` rather than `x509 -req`: OpenSSL 3.0's x509 cannot backdate.
        var arguments = ["ca", "-batch", "-config", try configuration(), "-in", request, "-out", base + ".crt", "-extfile", extensions,
                         "-notext"]
        if days > 0 {
            arguments += ["-days", String(days)]
        } else {
            // An expired one: valid from two days ago to yesterday.
            arguments += ["-startdate", Self.stamp(daysFromNow: -2), "-enddate", Self.stamp(daysFromNow: -1)]
        }
        try openssl(arguments)
        return base + ".crt"
    }

    /// The smallest `openssl ca` setup: a database, a serial, any subject.
    private func configuration() throws -> String {
        let path = folder + "/ca.cnf"
        if FileManager.default.fileExists(atPath: path) { return path }
        try Data().write(to: URL(fileURLWithPath: folder + "/index.txt"))
        try Data("1000\n".utf8).write(to: URL(fileURLWithPath: folder + "/serial"))
        let text = """
            [ca]
            default_ca = test
            [test]
            database = \(folder)/index.txt
            new_certs_dir = \(folder)
            serial = \(folder)/serial
            certificate = \(caCertificate)
            private_key = \(folder)/ca.key
            default_md = sha256
            policy = anything
            unique_subject = no
            [anything]
            commonName = supplied
            emailAddress = optional

            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs `openssl` with `input` on its standard input; gives its standard output.
    @discardableResult
    public func openssl(_ arguments: [String], input: [UInt8] = []) throws -> [UInt8] {
        try GnuPGHome.run("/usr/bin/openssl", arguments, input: input)
    }

    static func stamp(daysFromNow days: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss'Z'"
        return formatter.string(from: Date().addingTimeInterval(Double(days) * 86_400))
    }
}
