/// One server capability (RFC 9051 §7.2.2), e.g. `IMAP4rev1`, `AUTH=PLAIN`, `COMPRESS=DEFLATE`.
///
/// Capabilities compare case-insensitively.
public struct Capability: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The capability as the server spelt it.
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The part before `=`, upper-cased: `AUTH` for `AUTH=PLAIN`.
    public var name: String {
        String(rawValue.split(separator: "=", maxSplits: 1).first ?? "").uppercased()
    }

    /// The part after `=`, if any: `PLAIN` for `AUTH=PLAIN`.
    public var value: String? {
        let parts = rawValue.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count == 2 ? String(parts[1]) : nil
    }

    /// `AUTH=<mechanism>`.
    public static func auth(_ mechanism: String) -> Capability { Capability("AUTH=" + mechanism) }

    public static let imap4rev1 = Capability("IMAP4rev1")
    public static let imap4rev2 = Capability("IMAP4rev2")
    public static let startTLS = Capability("STARTTLS")
    public static let loginDisabled = Capability("LOGINDISABLED")
    public static let saslIR = Capability("SASL-IR")
    public static let literalPlus = Capability("LITERAL+")
    public static let literalMinus = Capability("LITERAL-")
    public static let idle = Capability("IDLE")
    public static let enable = Capability("ENABLE")
    public static let condStore = Capability("CONDSTORE")
    public static let qresync = Capability("QRESYNC")
    public static let uidPlus = Capability("UIDPLUS")
    public static let move = Capability("MOVE")
    public static let id = Capability("ID")
    public static let namespace = Capability("NAMESPACE")
    public static let compressDeflate = Capability("COMPRESS=DEFLATE")
    public static let utf8Accept = Capability("UTF8=ACCEPT")
    public static let specialUse = Capability("SPECIAL-USE")
    public static let listExtended = Capability("LIST-EXTENDED")
    public static let listStatus = Capability("LIST-STATUS")
    public static let esearch = Capability("ESEARCH")
    public static let unselect = Capability("UNSELECT")
    public static let children = Capability("CHILDREN")

    public var description: String { rawValue }

    public static func == (lhs: Capability, rhs: Capability) -> Bool {
        lhs.rawValue.uppercased() == rhs.rawValue.uppercased()
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rawValue.uppercased())
    }
}
