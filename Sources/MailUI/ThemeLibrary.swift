import Foundation

/// Finds themes by name: the user theme folder first (so a user can override a built-in
/// name), then the `Themes/` resources bundled with Merle, then the compiled-in default.
public struct ThemeLibrary: Sendable {
    /// Folders searched before the bundled themes, e.g. `$XDG_CONFIG_HOME/merle/themes`.
    public var userFolders: [String]

    public init(userFolders: [String] = []) {
        self.userFolders = userFolders
    }

    /// Names of the built-in themes.
    public static let builtInNames = ["default", "light", "solarized-dark", "monochrome"]

    /// The bundled `Themes/` folder, when the resource bundle is present beside the binary.
    public static var bundledFolder: String? {
        // Bundle.module traps when the bundle is missing; look for it the same way first.
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("Merle_MailUI.resources"),
            Bundle.main.bundleURL.appendingPathComponent("Merle_MailUI.bundle"),
            Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("Merle_MailUI.resources"),
        ].compactMap { $0 }
        guard candidates.contains(where: { FileManager.default.fileExists(atPath: $0.path) }) else { return nil }
        return Bundle.module.path(forResource: "Themes", ofType: nil)
    }

    /// Loads `name`; the default theme never fails.
    public func load(_ name: String) throws -> Theme {
        guard !name.contains("/"), !name.hasPrefix(".") else {
            throw ThemeParser.ParseError(line: 0, reason: "a theme name is a file name, not a path: \(name)")
        }
        let folders = userFolders + [Self.bundledFolder].compactMap { $0 }
        for folder in folders {
            let path = (folder as NSString).appendingPathComponent(name + ".toml")
            if let data = FileManager.default.contents(atPath: path) {
                return try ThemeParser.parse(String(decoding: data, as: UTF8.self))
            }
        }
        if name == "default" { return .builtInDefault }
        throw ThemeParser.ParseError(line: 0, reason: "no theme called \(name) (built in: \(Self.builtInNames.joined(separator: ", ")))")
    }
}
