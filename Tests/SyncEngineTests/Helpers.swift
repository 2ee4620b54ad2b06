import Foundation
import MailStore
import MerleConfig
import POP3Protocol
import TestSupport
import Transport
@testable import SyncEngine

/// A store in a temporary folder.
final class ScratchStore {
    let directory: String
    let store: MailStore

    init() throws {
        directory = NSTemporaryDirectory() + "merle-engine-test-" + UUID().uuidString
        store = try MailStore(path: directory + "/merle.sqlite")
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

extension TestServers {
    /// An account of `user` whose SMTP is the real submission port.
    func account(_ user: User, smtpPort: UInt16? = nil, tls: TLSMode = .starttls) -> AccountConfiguration {
        let smtp = ServerConfiguration(host: host, port: smtpPort ?? submissionPort, tls: tls, user: user.name, caFile: caFile)
        let pop3 = ServerConfiguration(host: host, port: pop3sPort, tls: .implicit, user: user.name, caFile: caFile)
        return AccountConfiguration(name: "test-\(user.name)", email: user.email, incoming: .pop3(pop3), smtp: smtp)
    }

    /// A provider that knows every test user's password.
    var secrets: SecretProvider {
        let passwords = Dictionary(uniqueKeysWithValues: users.map { ($0.name, $0.password) })
        return { _, server in
            guard let password = passwords[server.user] else { throw TestSupportError("no password for \(server.user)") }
            return password
        }
    }

    /// Every message in `user`'s INBOX, raw, read over POP3.
    func inbox(of user: User) throws -> [[UInt8]] {
        let session = try POP3Session.connect(to: Endpoint(host: host, port: pop3sPort), mode: .implicit,
                                              tls: TLSSettings(caFile: caFile))
        defer { session.quit() }
        try session.authenticate(user: user.name, password: user.password)
        let listing = try session.multiLine("LIST")
        return try listing.map { line in
            let number = line.split(separator: " ")[0]
            _ = try session.command("RETR \(number)")
            return Array(try session.readListing().map { $0 + [13, 10] }.joined())
        }
    }

    /// Waits (bounded) until a message containing `token` is in `user`'s INBOX.
    func waitForMessage(containing token: String, to user: User, timeout: Double = 10) throws -> [UInt8]? {
        let deadline = Date().addingTimeInterval(timeout)
        let needle = Array(token.utf8)
        while Date() < deadline {
            if let found = try inbox(of: user).first(where: { $0.firstRange(of: needle) != nil }) { return found }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return nil
    }
}

/// A plain RFC 5322 message with a unique token in its subject and body.
func testMessage(from: String, to: String, token: String, body: String = "Hello.\r\n.leading dot line\r\nBye.\r\n") -> Data {
    let text = """
        From: <\(from)>\r
        To: <\(to)>\r
        Subject: outbox test \(token)\r
        Message-ID: <\(token)@example.test>\r
        Date: Thu, 26 Nov 2026 10:00:00 +0000\r
        MIME-Version: 1.0\r
        Content-Type: text/plain; charset=utf-8\r
        Content-Transfer-Encoding: 8bit\r
        \r
        \(token)\r
        \(body)
        """
    return Data(text.utf8)
}
