/// One field of an ID exchange (RFC 2971): `"name" "Dovecot"`.
public struct IDField: Sendable, Hashable {
    public var key: String
    public var value: String?

    public init(_ key: String, _ value: String?) {
        self.key = key
        self.value = value
    }
}
