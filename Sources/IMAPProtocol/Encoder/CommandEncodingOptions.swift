/// What the server allows that changes how commands are written.
public struct CommandEncodingOptions: Sendable, Hashable {
    /// LITERAL+ (RFC 7888): literals need no continuation round trip.
    public var literalPlus: Bool
    /// LITERAL- (RFC 7888): the same for literals up to 4096 bytes.
    public var literalMinus: Bool
    /// UTF8=ACCEPT enabled (RFC 6855): mailbox names go as UTF-8.
    public var utf8Accept: Bool

    public init(literalPlus: Bool = false, literalMinus: Bool = false, utf8Accept: Bool = false) {
        self.literalPlus = literalPlus
        self.literalMinus = literalMinus
        self.utf8Accept = utf8Accept
    }

    /// The options a server's capabilities allow (UTF8=ACCEPT only counts once enabled).
    public init(capabilities: [Capability], utf8Enabled: Bool = false) {
        self.init(literalPlus: capabilities.contains(.literalPlus), literalMinus: capabilities.contains(.literalMinus),
                  utf8Accept: utf8Enabled)
    }
}
