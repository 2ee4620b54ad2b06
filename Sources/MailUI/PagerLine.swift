/// One screen line of the pager and the role it is drawn in.
public struct PagerLine: Sendable, Equatable {
    public var text: String
    public var role: ThemeRole
}
