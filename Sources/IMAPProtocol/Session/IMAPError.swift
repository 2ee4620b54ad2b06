import Transport

/// What went wrong in an IMAP session, in words a user can act on.
///
/// No case ever holds a password: server text that echoes one is redacted before it
/// gets here (`redacting(_:)`).
public enum IMAPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The connection failed underneath (network, TLS, timeout).
    case transport(TransportError)
    /// The server sent bytes that break IMAP or Merle's limits; the connection is closed.
    case protocolViolation(String)
    /// The first line from the server was not an IMAP greeting.
    case malformedGreeting(String)
    /// PREAUTH on a plain connection while the account requires TLS.
    case preauthWithoutTLS
    /// The account requires STARTTLS and the server does not offer it.
    case startTLSNotOffered
    /// The server answered STARTTLS with NO or BAD.
    case startTLSRefused(String)
    /// Credentials were about to go out on an unencrypted connection.
    case credentialsWouldBeSentInClear
    /// The server refused the login.
    case loginRefused(String)
    /// No login method both sides support.
    case noUsableLoginMethod(String)
    /// The server said BYE.
    case serverBye(String)
    /// The server closed the connection in the middle of the session.
    case connectionClosed
    /// A command got NO or BAD.
    case commandFailed(command: String, status: ResponseStatus, text: String)
    /// The server lacks a capability the request needs.
    case notSupported(Capability)
    /// The session is not in a state where this is allowed.
    case invalidState(String)

    public var description: String {
        switch self {
        case let .transport(error):
            return error.description
        case let .protocolViolation(detail):
            return "the server broke the IMAP protocol (\(detail)); the connection was closed: reconnect, and report the server if it keeps happening"
        case let .malformedGreeting(detail):
            return "the server's greeting is not an IMAP greeting (\(detail)); check host and port point at an IMAP server"
        case .preauthWithoutTLS:
            return "the server greeted with PREAUTH on an unencrypted connection, but the account requires TLS; refusing to continue in plain text: use tls = \"implicit\" or check the server"
        case .startTLSNotOffered:
            return "the server does not offer STARTTLS, but the account requires it (tls = \"starttls\"); refusing to continue in plain text: use tls = \"implicit\" with the server's TLS port"
        case let .startTLSRefused(text):
            return "the server refused STARTTLS (\(text)); refusing to continue in plain text: use tls = \"implicit\" or ask the server's admin"
        case .credentialsWouldBeSentInClear:
            return "refusing to send the password over an unencrypted connection; set tls = \"implicit\" or \"starttls\" (\"insecure\" only for a trusted link)"
        case let .loginRefused(text):
            return "the server refused the login (\(text.isEmpty ? "no reason given" : text)): check user and password_command"
        case let .noUsableLoginMethod(detail):
            return "no login method works with this server (\(detail)); check the account's settings or ask the server's admin"
        case let .serverBye(text):
            return "the server ended the session (\(text.isEmpty ? "BYE" : text)); reconnect later"
        case .connectionClosed:
            return "the server closed the connection unexpectedly; reconnect"
        case let .commandFailed(command, status, text):
            return "the server answered \(status.rawValue) to \(command)" + (text.isEmpty ? "" : ": \(text)")
        case let .notSupported(capability):
            return "the server does not support \(capability.rawValue)"
        case let .invalidState(detail):
            return "IMAP session: \(detail)"
        }
    }

    /// The same error with every occurrence of `secret` replaced, so server text that
    /// echoes a password never reaches a log or the screen.
    func redacting(_ secret: String) -> IMAPError {
        guard !secret.isEmpty else { return self }
        func clean(_ text: String) -> String {
            text.replacing(secret, with: "<redacted>")
        }
        switch self {
        case let .protocolViolation(text): return .protocolViolation(clean(text))
        case let .malformedGreeting(text): return .malformedGreeting(clean(text))
        case let .startTLSRefused(text): return .startTLSRefused(clean(text))
        case let .loginRefused(text): return .loginRefused(clean(text))
        case let .noUsableLoginMethod(text): return .noUsableLoginMethod(clean(text))
        case let .serverBye(text): return .serverBye(clean(text))
        case let .commandFailed(command, status, text): return .commandFailed(command: command, status: status, text: clean(text))
        case let .invalidState(text): return .invalidState(clean(text))
        case .transport, .preauthWithoutTLS, .startTLSNotOffered, .credentialsWouldBeSentInClear, .connectionClosed, .notSupported:
            return self
        }
    }
}
