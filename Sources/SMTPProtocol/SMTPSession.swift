import Foundation
import Transport

/// An SMTP client session (RFC 5321) up to an authenticated, encrypted connection:
/// greeting, EHLO (HELO as fallback), STARTTLS under the rules of RFC 3207 and
/// SECURITY.md, AUTH PLAIN or LOGIN, and QUIT.
///
/// With `.starttls` a server that does not offer STARTTLS is refused before anything
/// else is sent, and everything learnt before the upgrade is thrown away.
public final class SMTPSession {
    public let connection: Connection
    public private(set) var capabilities: SMTPCapabilities
    public private(set) var greeting: SMTPReply
    private let clientName: String

    /// Takes over an open connection (plain when `mode` is `.starttls`) and runs the
    /// greeting, EHLO and, for `.starttls`, the upgrade.
    public init(connection: Connection, mode: TLSMode, clientName: String = "localhost") throws {
        self.connection = connection
        self.clientName = clientName
        greeting = try SMTPReplyReader.read(from: connection)
        guard greeting.code == 220 else {
            throw SMTPError.unexpectedReply(command: "the greeting", reply: greeting)
        }
        capabilities = SMTPCapabilities(ehlo: SMTPReply(code: 250, lines: []))
        capabilities = try hello()
        if mode == .starttls {
            guard capabilities.supports("STARTTLS") else { throw SMTPError.startTLSUnavailable }
            let reply = try command("STARTTLS")
            guard reply.code == 220 else { throw SMTPError.unexpectedReply(command: "STARTTLS", reply: reply) }
            try connection.startTLS()
            capabilities = try hello()
        }
    }

    /// Connects to `endpoint` and opens a session.
    public static func connect(to endpoint: Endpoint, mode: TLSMode, tls: TLSSettings,
                               timeouts: Timeouts = .standard, clientName: String = "localhost") throws -> SMTPSession {
        let connection = try SocketConnection.connect(to: endpoint, mode: mode, tls: tls, timeouts: timeouts, greetingPatience: 3)
        do {
            return try SMTPSession(connection: connection, mode: mode, clientName: clientName)
        } catch {
            connection.close()
            throw error
        }
    }

    /// EHLO, falling back to HELO for servers that predate ESMTP.
    private func hello() throws -> SMTPCapabilities {
        let reply = try command("EHLO \(clientName)")
        if reply.isPositive { return SMTPCapabilities(ehlo: reply) }
        let helo = try command("HELO \(clientName)")
        guard helo.isPositive else { throw SMTPError.unexpectedReply(command: "HELO", reply: helo) }
        return SMTPCapabilities(ehlo: SMTPReply(code: 250, lines: [helo.lines.first ?? ""]))
    }

    /// Sends one command line and reads its reply. The line must not contain CR or LF.
    @discardableResult
    public func command(_ line: String) throws -> SMTPReply {
        guard !line.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            throw SMTPError.injection(field: "command")
        }
        try connection.write(Array(line.utf8) + [13, 10])
        return try SMTPReplyReader.read(from: connection)
    }

    /// Logs in with the best mechanism both sides know: PLAIN, else LOGIN.
    public func authenticate(user: String, password: String) throws {
        guard !user.contains(where: \.isNewline), !password.contains(where: \.isNewline) else {
            throw SMTPError.injection(field: "user name or password")
        }
        let mechanisms = capabilities.authMechanisms
        if mechanisms.contains("PLAIN") {
            let token = Data(([0] + Array(user.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            try expectAuthenticated(command("AUTH PLAIN \(token)"))
        } else if mechanisms.contains("LOGIN") {
            let start = try command("AUTH LOGIN")
            guard start.code == 334 else { throw SMTPError.authenticationFailed(start) }
            let afterUser = try command(Data(user.utf8).base64EncodedString())
            guard afterUser.code == 334 else { throw SMTPError.authenticationFailed(afterUser) }
            try expectAuthenticated(command(Data(password.utf8).base64EncodedString()))
        } else {
            throw SMTPError.noCommonAuthMechanism(offered: mechanisms)
        }
    }

    /// Logs in with an OAuth 2 access token: XOAUTH2 (Google, Microsoft) or, when only
    /// that is offered, OAUTHBEARER (RFC 7628).
    public func authenticate(user: String, accessToken: String) throws {
        guard !user.contains(where: \.isNewline), !accessToken.contains(where: \.isNewline) else {
            throw SMTPError.injection(field: "user name or token")
        }
        let mechanisms = capabilities.authMechanisms
        let initial: String
        if mechanisms.contains("XOAUTH2") {
            initial = "AUTH XOAUTH2 " + Data("user=\(user)\u{1}auth=Bearer \(accessToken)\u{1}\u{1}".utf8).base64EncodedString()
        } else if mechanisms.contains("OAUTHBEARER") {
            initial = "AUTH OAUTHBEARER " + Data("n,a=\(user),\u{1}auth=Bearer \(accessToken)\u{1}\u{1}".utf8).base64EncodedString()
        } else {
            throw SMTPError.noCommonAuthMechanism(offered: mechanisms)
        }
        var reply = try command(initial)
        if reply.code == 334 {
            // The server explains the failure in a challenge; an empty answer ends it.
            reply = try command("")
        }
        try expectAuthenticated(reply)
    }

    private func expectAuthenticated(_ reply: SMTPReply) throws {
        guard reply.code == 235 else { throw SMTPError.authenticationFailed(reply) }
    }

    /// Says goodbye and closes the connection; errors on the way out are ignored.
    public func quit() {
        _ = try? command("QUIT")
        connection.close()
    }
}
