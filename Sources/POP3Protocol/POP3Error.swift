/// POP3 failures in words a user can act on. Never carries a password.
public enum POP3Error: Error, Sendable, Equatable, CustomStringConvertible {
    case malformedReply(String)
    case refused(command: String, reply: POP3Reply)
    case startTLSUnavailable
    case authenticationFailed(POP3Reply)
    case listingTooLong(limit: Int)
    case injection(field: String)
    case closed

    public var description: String {
        switch self {
        case let .malformedReply(line):
            return "the POP3 server sent a malformed reply (\(line.prefix(80))); it may not be a POP3 server — check the port"
        case let .refused(command, reply):
            return "the POP3 server refused \(command): \(reply)"
        case .startTLSUnavailable:
            return "the POP3 server does not offer STLS, and tls = \"starttls\" requires it; nothing was sent (check the port, or use tls = \"implicit\" on port 995)"
        case let .authenticationFailed(reply):
            return "the POP3 server refused the login (\(reply)); check user and password_command"
        case let .listingTooLong(limit):
            return "the POP3 server sent a listing of more than \(limit) lines; refusing it"
        case let .injection(field):
            return "the \(field) contains a line break, which could inject POP3 commands; remove it"
        case .closed:
            return "the POP3 server closed the connection"
        }
    }
}
