import Terminal

/// A theme: a style for every `ThemeRole`. Built-in themes live in `Themes/*.toml`; the
/// default is also compiled in so an installed binary without its resource bundle works.
public struct Theme: Sendable, Equatable {
    public var name: String
    public var styles: [ThemeRole: Style]

    public init(name: String, styles: [ThemeRole: Style]) {
        self.name = name
        self.styles = styles
    }

    /// The style for a role; roles a theme leaves out fall back to `normal`.
    public func style(_ role: ThemeRole) -> Style {
        styles[role] ?? styles[.normal] ?? .plain
    }

    /// Roles the theme does not define.
    public var missingRoles: [ThemeRole] {
        ThemeRole.allCases.filter { styles[$0] == nil }
    }

    /// The default theme, compiled in; `Themes/default.toml` says the same (a test checks).
    public static let builtInDefault: Theme = {
        func style(_ foreground: TerminalColor, _ background: TerminalColor = .default, _ attributes: TextAttributes = []) -> Style {
            Style(foreground: foreground, background: background, attributes: attributes)
        }
        return Theme(name: "default", styles: [
            .normal: style(.default),
            .title: style(.black, .cyan),
            .sidebar: style(.default),
            .sidebarAccount: style(.yellow, .default, .bold),
            .sidebarFolder: style(.default),
            .sidebarUnread: style(.default, .default, .bold),
            .sidebarSelected: style(.black, .cyan),
            .separator: style(.blue),
            .index: style(.default),
            .indexUnread: style(.default, .default, .bold),
            .indexFlagged: style(.red, .default, .bold),
            .indexSelected: style(.black, .cyan),
            .pagerHeader: style(.cyan),
            .pagerBody: style(.default),
            .pagerQuote: style(.green),
            .pagerAttachment: style(.yellow),
            .pagerLink: style(.blue, .default, .underline),
            .pagerNote: style(.magenta),
            .pagerSecurity: style(.black, .green),
            .pagerSecurityWarning: style(.white, .red, .bold),
            .pagerSecurityPlain: style(.black, .white),
            .status: style(.black, .cyan),
            .statusError: style(.red, .default, .bold),
            .message: style(.default),
            .prompt: style(.yellow, .default, .bold),
            .helpKey: style(.yellow, .default, .bold),
            .helpText: style(.default),
            .helpHeading: style(.cyan, .default, .bold),
        ])
    }()
}
