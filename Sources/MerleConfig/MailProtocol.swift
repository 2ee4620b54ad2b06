import Transport

/// The protocols an account's servers speak, by the names the config gives their tables
/// (`[account.imap]`, `[account.pop3]`, `[account.smtp]`).
public enum MailProtocol: String, Sendable, CaseIterable {
    case imap, pop3, smtp

    /// The well-known port for a TLS mode (RFC 8314, RFC 6409).
    public func defaultPort(tls: TLSMode) -> UInt16 {
        switch (self, tls) {
        case (.imap, .implicit): return 993
        case (.imap, _): return 143
        case (.pop3, .implicit): return 995
        case (.pop3, _): return 110
        case (.smtp, .implicit): return 465
        case (.smtp, _): return 587
        }
    }
}
