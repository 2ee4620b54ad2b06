/// When an account's mail is encrypted (`encrypt = "never" | "opportunistic" | "always"`).
public enum EncryptPolicy: String, Sendable, Hashable, CaseIterable {
    /// Only when asked for (`--encrypt`, or the compose screen's key).
    case never
    /// When every recipient has a usable key; else sent as it is, and said so.
    case opportunistic
    /// Always: a message to anyone without a usable key is refused, naming them.
    case always
}
