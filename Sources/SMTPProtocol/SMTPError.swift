import Transport

/// SMTP failures in words a user can act on. Never carries a password.
public enum SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformedReply(String)
    case tooManyReplyLines(limit: Int)
    case unexpectedReply(command: String, reply: SMTPReply)
    case startTLSUnavailable
    case noCommonAuthMechanism(offered: [String])
    case authenticationFailed(SMTPReply)
    case injection(field: String)
    case closed

    public var description: String {
        switch self {
        case let .malformedReply(line):
            return "the SMTP server sent a malformed reply (\(line.prefix(80))); it may not be an SMTP server — check the port"
        case let .tooManyReplyLines(limit):
            return "the SMTP server sent a reply of more than \(limit) lines; refusing it"
        case let .unexpectedReply(command, reply):
            return "the SMTP server answered \(command) with \(reply)"
        case .startTLSUnavailable:
            return "the SMTP server does not offer STARTTLS, and tls = \"starttls\" requires it; nothing was sent (check the port, or use tls = \"implicit\" on port 465)"
        case let .noCommonAuthMechanism(offered):
            return "the SMTP server offers no login method Merle supports (it offers: \(offered.isEmpty ? "none" : offered.joined(separator: ", ")))"
        case let .authenticationFailed(reply):
            return "the SMTP server refused the login (\(reply)); check user and password_command"
        case let .injection(field):
            return "the \(field) contains a line break, which could inject SMTP commands; remove it"
        case .closed:
            return "the SMTP server closed the connection"
        }
    }
}
