/// Whether an outgoing message is signed or encrypted, and how.
public struct MessageSecurity: Sendable, Hashable {
    public var sign: Bool
    public var encrypt: Bool
    public var format: SecurityFormat

    public init(sign: Bool = false, encrypt: Bool = false, format: SecurityFormat = .openPGP) {
        self.sign = sign
        self.encrypt = encrypt
        self.format = format
    }

    /// Neither signed nor encrypted.
    public var isPlain: Bool { !sign && !encrypt }

    /// A few words for the compose screen and the command line: "signed and encrypted
    /// (PGP/MIME)", or "not signed, not encrypted".
    public var summary: String {
        let kind = format == .openPGP ? "PGP/MIME" : "S/MIME"
        switch (sign, encrypt) {
        case (false, false): return "not signed, not encrypted"
        case (true, false): return "signed (\(kind)), not encrypted"
        case (false, true): return "encrypted (\(kind)), not signed"
        case (true, true): return "signed and encrypted (\(kind))"
        }
    }
}
