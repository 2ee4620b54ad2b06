import Transport

/// The well-known port of each protocol for each TLS mode (RFC 8314, RFC 6409).
public enum DefaultPorts {
    public static func port(protocolName: String, tls: TLSMode) -> UInt16 {
        switch (protocolName, tls) {
        case ("imap", .implicit): return 993
        case ("imap", _): return 143
        case ("pop3", .implicit): return 995
        case ("pop3", _): return 110
        case ("smtp", .implicit): return 465
        case ("smtp", _): return 587
        default: return 0
        }
    }
}
