import COpenSSLShim
import Foundation
import Transport

/// A POP3 client session (RFC 1939) up to an authenticated, encrypted connection:
/// greeting, CAPA (RFC 2449), STLS (RFC 2595) under SECURITY.md's rules, AUTH PLAIN
/// (RFC 5034) or USER/PASS, multi-line responses with dot-unstuffing, and QUIT.
public final class POP3Session {
    public let connection: Connection
    public private(set) var greeting: POP3Reply
    /// CAPA lines, upper-cased keyword first; empty when the server has no CAPA.
    public private(set) var capabilities: [String] = []

    public static let maxLineLength = 8192
    /// Message content lines: RFC 5322 says 998, real mail (HTML on one line) far more.
    public static let maxContentLineLength = 4 * 1024 * 1024
    /// Bounds a listing so an endless one cannot exhaust memory.
    public var listingLimit = 1_000_000

    public init(connection: Connection, mode: TLSMode) throws {
        self.connection = connection
        greeting = try Self.readReply(connection)
        guard greeting.isOK else { throw POP3Error.refused(command: "the connection", reply: greeting) }
        capabilities = try Self.optionalCapabilities(self)
        if mode == .starttls {
            guard hasCapability("STLS") else { throw POP3Error.startTLSUnavailable }
            let reply = try command("STLS")
            guard reply.isOK else { throw POP3Error.refused(command: "STLS", reply: reply) }
            try connection.startTLS()
            // What the server said before encryption cannot be trusted: ask again.
            capabilities = try Self.optionalCapabilities(self)
        }
    }

    /// CAPA's lines; none when the server refuses CAPA (RFC 1939 servers). A lost
    /// connection is that, not "no capabilities": it must not read as a missing STLS.
    private static func optionalCapabilities(_ session: POP3Session) throws -> [String] {
        do {
            return try session.multiLine("CAPA")
        } catch POP3Error.refused {
            return []
        }
    }

    public static func connect(to endpoint: Endpoint, mode: TLSMode, tls: TLSSettings,
                               timeouts: Timeouts = .standard) throws -> POP3Session {
        let connection = try SocketConnection.connect(to: endpoint, mode: mode, tls: tls, timeouts: timeouts, greetingPatience: 3)
        do {
            return try POP3Session(connection: connection, mode: mode)
        } catch {
            connection.close()
            throw error
        }
    }

    public func hasCapability(_ name: String) -> Bool {
        capabilities.contains { $0.split(separator: " ").first?.uppercased() == name.uppercased() }
    }

    /// SASL mechanisms from the `SASL` capability.
    public var saslMechanisms: [String] {
        capabilities.first { $0.uppercased().hasPrefix("SASL ") }?
            .split(separator: " ").dropFirst().map { $0.uppercased() } ?? []
    }

    /// Sends a command and reads its status line.
    @discardableResult
    public func command(_ line: String) throws -> POP3Reply {
        guard !line.contains(where: \.isNewline) else { throw POP3Error.injection(field: "command") }
        try connection.write(Array(line.utf8) + [13, 10])
        return try Self.readReply(connection)
    }

    /// Sends a command whose positive answer is a dot-terminated listing; returns its
    /// lines with dot-stuffing removed.
    public func multiLine(_ line: String) throws -> [String] {
        let reply = try command(line)
        guard reply.isOK else { throw POP3Error.refused(command: line.split(separator: " ").first.map(String.init) ?? line, reply: reply) }
        return try readListing().map { String(decoding: $0, as: UTF8.self) }
    }

    /// Reads a dot-terminated listing as raw lines without their CRLF (RFC 1939 §3).
    public func readListing(maxLineLength: Int = POP3Session.maxLineLength) throws -> [[UInt8]] {
        var lines: [[UInt8]] = []
        while true {
            guard var line = try connection.readLine(maxLength: maxLineLength) else { throw POP3Error.closed }
            while line.last == 0x0A || line.last == 0x0D { line.removeLast() }
            if line == [0x2E] { return lines }
            if line.first == 0x2E { line.removeFirst() }
            lines.append(line)
            if lines.count > listingLimit { throw POP3Error.listingTooLong(limit: listingLimit) }
        }
    }

    /// The APOP timestamp of the greeting (`<…@…>`), when the server offers APOP.
    public var apopTimestamp: String? {
        guard let open = greeting.text.firstIndex(of: "<"), let close = greeting.text[open...].firstIndex(of: ">") else { return nil }
        let stamp = String(greeting.text[open...close])
        return stamp.contains("@") ? stamp : nil
    }

    /// Logs in: AUTH PLAIN when offered; on a plain-text connection APOP when offered,
    /// so the password itself never crosses the wire; else USER/PASS.
    public func authenticate(user: String, password: String) throws {
        guard !user.contains(where: \.isNewline), !password.contains(where: \.isNewline) else {
            throw POP3Error.injection(field: "user name or password")
        }
        if !connection.isEncrypted, !saslMechanisms.contains("PLAIN"), let stamp = apopTimestamp {
            let reply = try command("APOP \(user) \(Self.apopDigest(timestamp: stamp, password: password))")
            guard reply.isOK else { throw POP3Error.authenticationFailed(reply) }
            return
        }
        if saslMechanisms.contains("PLAIN") {
            let token = Data([0] + Array(user.utf8) + [0] + Array(password.utf8)).base64EncodedString()
            let reply = try command("AUTH PLAIN \(token)")
            guard reply.isOK else { throw POP3Error.authenticationFailed(reply) }
            return
        }
        let userReply = try command("USER \(user)")
        guard userReply.isOK else { throw POP3Error.authenticationFailed(userReply) }
        let passReply = try command("PASS \(password)")
        guard passReply.isOK else { throw POP3Error.authenticationFailed(passReply) }
    }

    /// Says goodbye and closes; errors on the way out are ignored.
    public func quit() {
        _ = try? command("QUIT")
        connection.close()
    }

    /// RFC 1939 §7: the lower-case hex MD5 of the timestamp followed by the secret.
    static func apopDigest(timestamp: String, password: String) -> String {
        let input = Array((timestamp + password).utf8)
        var digest = [UInt8](repeating: 0, count: 16)
        input.withUnsafeBufferPointer { merle_md5($0.baseAddress, $0.count, &digest) }
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    static func readReply(_ connection: Connection) throws -> POP3Reply {
        guard let line = try connection.readLine(maxLength: maxLineLength) else { throw POP3Error.closed }
        return try POP3Reply.parse(line)
    }
}
