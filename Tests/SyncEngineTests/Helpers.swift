import Foundation
import GRDB
@testable import MailStore
import MerleConfig
import TestSupport
import Transport
@testable import SyncEngine

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

extension MailStore {
    /// Every stored body's bytes (from its pack or inline), in message id order.
    func allRawBodies() throws -> [[UInt8]] {
        let ids = try database.read { db in try Int64.fetchAll(db, sql: "SELECT message_id FROM message_body ORDER BY message_id") }
        return try ids.map { [UInt8](try rawMessage(id: $0) ?? Data()) }
    }
}
