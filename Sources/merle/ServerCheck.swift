import Foundation
import IMAPProtocol
import MerleConfig
import POP3Protocol
import SMTPProtocol
import SyncEngine
import Transport

/// `config check --connect`: logs in to each server of an account and prints what it
/// offers. Returns the number of servers that failed; each failure is one line saying
/// what failed and what to do.
enum ServerCheck {
    struct Failed: Error, CustomStringConvertible {
        let count: Int
        var description: String { "\(count) server check\(count == 1 ? "" : "s") failed (see above)" }
    }

    static func run(account: AccountConfiguration) -> Int {
        var failures = 0
        var servers: [(MailProtocol, ServerConfiguration)] = [(account.incoming.mailProtocol, account.incoming.server)]
        if let smtp = account.smtp { servers.append((.smtp, smtp)) }
        for (mailProtocol, server) in servers {
            let label = "\(account.name) \(mailProtocol.rawValue) \(server.host):\(server.port)"
            do {
                let offered = try check(mailProtocol, server: server, account: account.name)
                print("  \(label): logged in; offers \(TerminalText.oneLine(offered))")
            } catch {
                failures += 1
                print("  \(label): FAILED: \(TerminalText.oneLine("\(error)"))")
            }
        }
        return failures
    }

    private static func password(for server: ServerConfiguration, account: String) throws -> String {
        guard let command = server.passwordCommand else {
            throw CheckError("no password_command is set for \(server.host); add password_command = \"…\" to the server's table")
        }
        return try PasswordCommand.run(command, account: account)
    }

    private static func check(_ mailProtocol: MailProtocol, server: ServerConfiguration, account: String) throws -> String {
        switch mailProtocol {
        case .smtp:
            let session = try SMTPSession.connect(to: server.endpoint, mode: server.tls, tls: server.tlsSettings)
            defer { session.quit() }
            try session.authenticate(user: server.user, password: try password(for: server, account: account))
            return fingerprintNote(session.connection) + session.capabilities.summary
        case .pop3:
            let session = try POP3Session.connect(to: server.endpoint, mode: server.tls, tls: server.tlsSettings)
            defer { session.quit() }
            try session.authenticate(user: server.user, password: try password(for: server, account: account))
            return fingerprintNote(session.connection) + session.capabilities.joined(separator: " ")
        case .imap:
            let configuration = SessionConfiguration(tlsMode: server.tls)
            let session = try IMAPSession.open(to: server.endpoint, tls: server.tlsSettings, configuration: configuration,
                                               credentials: try IMAPCredentials.make(server: server, account: account))
            defer { try? session.logout() }
            let enabled = session.enabled.isEmpty ? "" : "; enabled " + session.enabled.map(\.description).joined(separator: " ")
            return fingerprintNote(session.certificateFingerprint) + session.capabilities.map(\.description).joined(separator: " ") + enabled
        }
    }

    /// The certificate fingerprint, so the user can pin it.
    private static func fingerprintNote(_ connection: Connection) -> String {
        fingerprintNote((connection as? SocketConnection)?.peerFingerprint)
    }

    private static func fingerprintNote(_ fingerprint: CertificateFingerprint?) -> String {
        fingerprint.map { "(certificate \($0)) " } ?? "(no TLS) "
    }

    typealias CheckError = CommandError
}
