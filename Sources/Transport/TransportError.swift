/// What went wrong on a connection, in words a user can act on.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    case hostNotFound(String, detail: String)
    case connectFailed(Endpoint, detail: String)
    case timedOut(Endpoint, operation: String)
    /// The answer came slower than `Timeouts.answer` plus `minimumRate` allow.
    case tooSlow(Endpoint, bytes: Int, seconds: Int)
    case closedByPeer(Endpoint)
    case ioFailed(Endpoint, detail: String)
    case tlsHandshakeFailed(Endpoint, detail: String)
    /// A plain (or STARTTLS) connection met a server that waits for TLS from the start.
    case speaksTLS(Endpoint)
    case certificateUntrusted(Endpoint, detail: String)
    case hostNameMismatch(Endpoint, expected: String)
    case fingerprintMismatch(Endpoint, expected: String, actual: String)
    case alreadyEncrypted
    case lineTooLong(limit: Int)
    case compressionFailed(String)
    case closed
    case scriptMismatch(String)

    public var description: String {
        switch self {
        case let .hostNotFound(host, detail):
            return "cannot resolve host \(host): \(detail); check the host name in the config"
        case let .connectFailed(endpoint, detail):
            return "cannot connect to \(endpoint): \(detail); check host, port and that the server is up"
        case let .timedOut(endpoint, operation):
            return "\(operation) with \(endpoint) timed out; the server or network is not answering, try again later"
        case let .tooSlow(endpoint, bytes, seconds):
            return "\(endpoint) answered too slowly (\(bytes) bytes in \(seconds) s) and was dropped; the server or network is stalling, try again later"
        case let .closedByPeer(endpoint):
            return "\(endpoint) closed the connection unexpectedly; try again"
        case let .ioFailed(endpoint, detail):
            return "connection to \(endpoint) failed: \(detail)"
        case let .tlsHandshakeFailed(endpoint, detail):
            return "TLS handshake with \(endpoint) failed: \(detail); check the port and the tls setting (implicit or starttls)"
        case let .speaksTLS(endpoint):
            return "\(endpoint) starts with TLS (implicit TLS) and says nothing in plain text; write tls = \"implicit\" for this port in the config"
        case let .certificateUntrusted(endpoint, detail):
            return "the certificate of \(endpoint) is not trusted (\(detail)); set ca_file to the CA that signed it, or pin it with fingerprint"
        case let .hostNameMismatch(endpoint, expected):
            return "the certificate of \(endpoint) is not valid for the name \(expected); use the host name the certificate was issued for"
        case let .fingerprintMismatch(endpoint, expected, actual):
            return "the certificate of \(endpoint) has fingerprint \(actual), not the pinned \(expected); if the server changed its certificate on purpose, update fingerprint"
        case .alreadyEncrypted:
            return "the connection is already encrypted; STARTTLS is not allowed twice"
        case let .lineTooLong(limit):
            return "the server sent a line longer than \(limit) bytes; refusing it"
        case let .compressionFailed(detail):
            return "DEFLATE compression failed: \(detail)"
        case .closed:
            return "the connection is closed"
        case let .scriptMismatch(detail):
            return "scripted connection: \(detail)"
        }
    }
}
