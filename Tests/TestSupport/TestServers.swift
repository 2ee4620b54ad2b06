import Foundation

/// The real Dovecot and Postfix started by `scripts/test-servers start`, as described
/// by the `servers.json` it writes.
public struct TestServers: Decodable, Sendable {
    /// A test mailbox owner.
    public struct User: Decodable, Sendable {
        public let name: String
        public let email: String
        public let password: String
    }

    public let host: String
    public let domain: String
    public let imapPort: UInt16
    public let imapsPort: UInt16
    public let pop3Port: UInt16
    public let pop3sPort: UInt16
    public let lmtpPort: UInt16
    public let smtpPort: UInt16
    public let submissionPort: UInt16
    public let submissionsPort: UInt16
    public let caFile: String
    public let untrustedCertFile: String
    public let serverCertFile: String
    public let maildirRoot: String
    public let users: [User]

    /// The state folder the script uses.
    public static var stateDirectory: String {
        ProcessInfo.processInfo.environment["MERLE_TEST_STATE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "/var/tmp/merle-test-servers"
    }

    /// Reads `servers.json`; fails with instructions when the servers were not started.
    public static func load() throws -> TestServers {
        let path = stateDirectory + "/servers.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TestSupportError("no \(path): start the test servers with `scripts/test-servers start` (scripts/test does it)")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(TestServers.self, from: data)
    }

    /// The user called `name`.
    public func user(_ name: String) throws -> User {
        guard let user = users.first(where: { $0.name == name }) else {
            throw TestSupportError("servers.json has no user \(name)")
        }
        return user
    }
}

/// A test precondition that does not hold, in words.
public struct TestSupportError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
