/// How a connection is protected, as an account's `tls` key spells it.
public enum TLSMode: String, Sendable, Codable, CaseIterable {
    /// TLS from the first byte (RFC 8314): the default.
    case implicit
    /// A plain connection upgraded by the protocol's STARTTLS/STLS command before
    /// anything else; a server that cannot upgrade is refused.
    case starttls
    /// No TLS at all: credentials and mail cross the network in clear text. Only
    /// for servers on a trusted link, and never chosen by default.
    case insecure
}
