import Foundation

/// A throwaway GnuPG home for one test, run with the real `gpg`: keys are made here
/// with `gpg --batch --quick-gen-key` (no passphrase), messages are signed and
/// encrypted by gpg itself. The path is short (/tmp/mg-XXXXXX) because gpg-agent's
/// socket path must fit in a Unix socket address; `close()` kills that agent.
public final class GnuPGHome {
    public let path: String

    public init() throws {
        var template = Array("/tmp/mg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Failure("mkdtemp failed") }
        path = String(cString: made)
        chmod(path, 0o700)
        // No passphrase is kept by the agent, so a test of one that must be asked for is
        // not answered from a cache.
        try Data("default-cache-ttl 0\nmax-cache-ttl 0\n".utf8).write(to: URL(fileURLWithPath: path + "/gpg-agent.conf"))
    }

    /// Stops this home's gpg-agent and removes the folder.
    public func close() {
        _ = try? Self.run("/usr/bin/gpgconf", ["--homedir", path, "--kill", "all"])
        // The agent removes its socket and writes random_seed as it exits, after gpgconf
        // returns: wait for it, or the folder is removed while it still writes there.
        for _ in 0..<60 where FileManager.default.fileExists(atPath: path + "/S.gpg-agent") {
            usleep(50_000)
        }
        for _ in 0..<5 where FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.removeItem(atPath: path)
            usleep(100_000)
        }
    }

    /// Runs gpg in this home; gives its standard output, throws with its error output.
    @discardableResult
    public func gpg(_ arguments: [String], input: [UInt8] = []) throws -> [UInt8] {
        try Self.run("/usr/bin/gpg", ["--homedir", path, "--batch", "--yes", "--no-tty", "--pinentry-mode", "loopback",
                                      "--passphrase", "", "--trust-model", "always"] + arguments, input: input)
    }

    /// Runs gpgsm (GnuPG's S/MIME tool) in this home, as `gpg` runs gpg.
    @discardableResult
    /// `input` is handed over as a file: gpgsm 2.2 makes detached signatures of standard
    /// input that do not verify (checked with `openssl cms -verify`).
    public func gpgsm(_ arguments: [String], input: [UInt8] = []) throws -> [UInt8] {
        var files: [String] = []
        if !input.isEmpty {
            let file = path + "/input-" + UUID().uuidString
            try Data(input).write(to: URL(fileURLWithPath: file))
            files.append(file)
        }
        defer { files.forEach { try? FileManager.default.removeItem(atPath: $0) } }
        return try Self.run("/usr/bin/gpgsm", ["--homedir", path, "--batch", "--yes", "--pinentry-mode", "loopback", "--passphrase", "",
                                               "--disable-crl-checks", "--disable-dirmngr"] + arguments + files)
    }

    /// Makes gpgsm trust the CA certificate at `certificate` (PEM) for S/MIME.
    public func gpgsmTrust(_ certificate: String) throws {
        try gpgsm(["--import", certificate])
        let listing = String(decoding: try gpgsm(["--with-colons", "--list-keys"]), as: UTF8.self)
        guard let line = listing.split(separator: "\n").first(where: { $0.hasPrefix("fpr:") }),
              let fingerprint = line.split(separator: ":", omittingEmptySubsequences: false).dropFirst(9).first else {
            throw Failure("gpgsm lists no CA")
        }
        try Data("\(fingerprint) S relax\n".utf8).write(to: URL(fileURLWithPath: path + "/trustlist.txt"))
    }

    /// Makes a key pair in gpgsm for `name` <`address`> and gives its certificate
    /// request (PEM), for a CA to sign.
    public func gpgsmRequest(_ name: String, address: String) throws -> [UInt8] {
        let parameters = "Key-Type: RSA\nKey-Length: 2048\nKey-Usage: sign, encrypt\nName-DN: CN=\(name)\nName-Email: \(address)\n"
        // gpgsm reads the parameters from a file, not from standard input.
        let file = path + "/request-\(address).txt"
        try Data(parameters.utf8).write(to: URL(fileURLWithPath: file))
        return try gpgsm(["--armor", "--gen-key", file])
    }

    /// Makes a key pair (Ed25519 signing, Curve25519 encryption) for `userID` and gives
    /// its fingerprint. `expire` is gpg's: "never", or "seconds=1" for one that expires.
    @discardableResult
    public func makeKey(_ userID: String, expire: String = "never", passphrase: String = "") throws -> String {
        try gpg(["--passphrase", passphrase, "--quick-gen-key", userID, "future-default", "default", expire])
        let listing = String(decoding: try gpg(["--with-colons", "--list-keys", "=" + userID]), as: UTF8.self)
        guard let line = listing.split(separator: "\n").first(where: { $0.hasPrefix("fpr:") }),
              let fingerprint = line.split(separator: ":", omittingEmptySubsequences: false).dropFirst(9).first else {
            throw Failure("no fingerprint for \(userID)")
        }
        return String(fingerprint)
    }

    /// The public key of `userID`, armored, to import into another home.
    public func exportPublic(_ userID: String) throws -> [UInt8] { try gpg(["--armor", "--export", "=" + userID]) }

    public func importKey(_ armored: [UInt8]) throws { try gpg(["--import"], input: armored) }

    /// Runs a program with `input` on its standard input (from a file, so no thread is
    /// needed to feed it) and gives its standard output.
    public static func run(_ executable: String, _ arguments: [String], input: [UInt8] = []) throws -> [UInt8] {
        let scratch = NSTemporaryDirectory() + "mg-io-" + UUID().uuidString
        guard FileManager.default.createFile(atPath: scratch + ".in", contents: Data(input)),
              FileManager.default.createFile(atPath: scratch + ".err", contents: nil) else { throw Failure("cannot write \(scratch)") }
        defer {
            try? FileManager.default.removeItem(atPath: scratch + ".in")
            try? FileManager.default.removeItem(atPath: scratch + ".err")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdout = Pipe()
        process.standardInput = FileHandle(forReadingAtPath: scratch + ".in")
        process.standardOutput = stdout
        process.standardError = FileHandle(forWritingAtPath: scratch + ".err")
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOfFile: scratch + ".err", encoding: .utf8)) ?? ""
            throw Failure("\(executable) \(arguments.joined(separator: " ")): \(errors)")
        }
        return [UInt8](output)
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }
}
