/// What a STORE does with flags (RFC 9051 §6.4.6): add, remove or replace, optionally `.SILENT`.
public struct StoreOperation: Sendable, Hashable {
    /// Whether the flags are added, removed or replace the message's flags.
    public enum Kind: String, Sendable, Hashable {
        case add = "+FLAGS"
        case remove = "-FLAGS"
        case replace = "FLAGS"
    }

    public var kind: Kind
    public var flags: [Flag]
    /// `.SILENT`: the server does not echo the new flags.
    public var silent: Bool

    public init(_ kind: Kind, _ flags: [Flag], silent: Bool = false) {
        self.kind = kind
        self.flags = flags
        self.silent = silent
    }

    public static func add(_ flags: [Flag], silent: Bool = false) -> StoreOperation { StoreOperation(.add, flags, silent: silent) }
    public static func remove(_ flags: [Flag], silent: Bool = false) -> StoreOperation { StoreOperation(.remove, flags, silent: silent) }
}
