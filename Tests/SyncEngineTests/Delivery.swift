import Foundation
import SMTPProtocol
import TestSupport
import Transport

extension TestServers {
    /// Delivers `messages` to `user` through Postfix's relay port (no login needed for
    /// the test domain), over one connection, and waits until Dovecot has them all.
    func deliver(_ messages: [Data], to user: User, alreadyThere: Int = 0) throws {
        let session = try SMTPSession.connect(to: Endpoint(host: host, port: smtpPort), mode: .starttls,
                                              tls: TLSSettings(caFile: caFile), clientName: "tests.example.test")
        defer { session.quit() }
        for message in messages {
            _ = try session.send([UInt8](message), envelope: SMTPEnvelope(sender: "tests@example.test", recipients: [user.email]))
            try session.reset()
        }
        let deadline = Date().addingTimeInterval(30)
        while try rawMessages(of: user).count < alreadyThere + messages.count {
            guard Date() < deadline else { throw TestSupportError("Dovecot did not receive the messages for \(user.name) in time") }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }
}

/// `count` distinct messages with a leading-dot line and 8-bit text, to check bytes survive.
func numberedMessages(_ count: Int, tag: String) -> [Data] {
    (0..<count).map { index in
        testMessage(from: "tests@example.test", to: "someone@example.test", token: "\(tag)-\(index)-\(UUID().uuidString)",
                    body: "Message \(index) — Grüße.\r\n.dot at the start\r\n" + String(repeating: "line of text\r\n", count: index % 7))
    }
}
