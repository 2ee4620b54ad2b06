import Transport

/// How an `IMAPSession` behaves: the account's TLS mode and the optional extras.
public struct SessionConfiguration: Sendable, Hashable {
    /// The account's `tls` setting; `.starttls` makes the session upgrade before
    /// anything else and refuse to go on in plain text.
    public var tlsMode: TLSMode
    public var limits: ParserLimits
    /// Switch on COMPRESS=DEFLATE after login when the server offers it (off by
    /// default: it only pays on slow links).
    public var compression: Bool
    /// Extensions to ENABLE after login, those the server offers.
    public var extensionsToEnable: [Capability]
    /// What to send with ID when the server offers it; nil sends nothing.
    public var clientID: [IDField]?
    /// The tag prefix; tags are the prefix and a counter (`M1`, `M2`, …).
    public var tagPrefix: String

    public init(tlsMode: TLSMode = .implicit, limits: ParserLimits = .standard, compression: Bool = false,
                extensionsToEnable: [Capability] = [.qresync, .condStore, .utf8Accept],
                clientID: [IDField]? = [IDField("name", "Merle")], tagPrefix: String = "M") {
        self.tlsMode = tlsMode
        self.limits = limits
        self.compression = compression
        self.extensionsToEnable = extensionsToEnable
        self.clientID = clientID
        self.tagPrefix = tagPrefix
    }
}
