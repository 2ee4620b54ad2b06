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
    case noRecipients
    case messageTooLarge(size: Int, limit: Int)
    case internationalAddressUnsupported
    case eightBitUnsupported
    case senderRejected(SMTPReply)
    case allRecipientsRejected([String])
    /// The server refused the message after DATA for now (4xx): try again later.
    case temporaryFailure(SMTPReply)
    /// The server refused the message after DATA for good (5xx).
    case messageRejected(SMTPReply)
    /// The connection was lost after the final dot and before the reply.
    case uncertainDelivery(String)

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
        case .noRecipients:
            return "the message has no recipients; add a To, Cc or Bcc address"
        case let .messageTooLarge(size, limit):
            return "the message is \(size) bytes but the server accepts at most \(limit); remove or shrink attachments"
        case .eightBitUnsupported:
            return "the message has 8-bit bytes and the server does not accept 8BITMIME; re-encode it (Merle's own messages use quoted-printable)"
        case .internationalAddressUnsupported:
            return "an address has non-ASCII characters and the server does not support SMTPUTF8; use an ASCII address"
        case let .senderRejected(reply):
            return "the SMTP server refused the sender address (\(reply)); check the account's email"
        case let .allRecipientsRejected(details):
            return "the SMTP server refused every recipient: \(details.joined(separator: "; "))"
        case let .temporaryFailure(reply):
            return "the SMTP server could not take the message now (\(reply)); it stays queued and is retried"
        case let .messageRejected(reply):
            return "the SMTP server refused the message (\(reply)); fix it and send again"
        case let .uncertainDelivery(detail):
            return "the connection was lost after the message was sent and before the server confirmed it (\(detail)); it may or may not have been delivered, so it is not resent automatically"
        }
    }
}
