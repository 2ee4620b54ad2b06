/// A `name value` pair of a body's parameter list (`("CHARSET" "us-ascii")`).
public struct BodyParameter: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
