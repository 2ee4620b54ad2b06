import Foundation
import MailUI
import Terminal
import Testing

/// Every built-in theme parses, defines every role, and the compiled-in default matches
/// Themes/default.toml.
@Suite struct ThemeTests {
    static let themesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Themes")

    @Test(arguments: ThemeLibrary.builtInNames)
    func builtInThemeIsCompleteAndValid(name: String) throws {
        let text = try String(contentsOf: Self.themesFolder.appendingPathComponent(name + ".toml"), encoding: .utf8)
        let theme = try ThemeParser.parse(text)
        #expect(theme.name == name)
        #expect(theme.missingRoles.isEmpty, "\(name) lacks \(theme.missingRoles)")
        // A selected row must stand out from an ordinary one.
        #expect(theme.style(.indexSelected) != theme.style(.index))
        #expect(theme.style(.sidebarSelected) != theme.style(.sidebarFolder))
    }

    @Test(arguments: ThemeLibrary.builtInNames)
    func builtInThemeLoadsThroughTheBundle(name: String) throws {
        let theme = try ThemeLibrary().load(name)
        #expect(theme.name == name)
    }

    @Test func monochromeUsesNoColour() throws {
        let theme = try ThemeLibrary().load("monochrome")
        for role in ThemeRole.allCases {
            #expect(theme.style(role).foreground == .default && theme.style(role).background == .default, "\(role)")
        }
    }

    @Test func compiledDefaultMatchesTheFile() throws {
        let text = try String(contentsOf: Self.themesFolder.appendingPathComponent("default.toml"), encoding: .utf8)
        #expect(try ThemeParser.parse(text) == Theme.builtInDefault)
        #expect(try ThemeParser.parse(ThemeParser.format(.builtInDefault)) == Theme.builtInDefault)
    }

    @Test func userFolderOverridesAndUnknownNamesFail() throws {
        let folder = NSTemporaryDirectory() + "merle-theme-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "name = \"mine\"\n[roles]\n\"index.selected\" = { fg = \"bright-yellow\", bg = \"color17\", attrs = [\"bold\"] }\n"
            .write(toFile: folder + "/mine.toml", atomically: true, encoding: .utf8)
        let theme = try ThemeLibrary(userFolders: [folder]).load("mine")
        #expect(theme.style(.indexSelected) == Style(foreground: .indexed(11), background: .indexed(17), attributes: .bold))
        #expect(theme.style(.pagerBody) == .plain, "missing roles fall back to normal")
        #expect(throws: (any Error).self) { try ThemeLibrary(userFolders: [folder]).load("nope") }
        #expect(throws: (any Error).self) { try ThemeLibrary().load("../etc/passwd") }
    }

    @Test(arguments: [
        "name = \"x\"\n[roles]\n\"index.nope\" = { fg = \"red\" }",
        "name = \"x\"\n[roles]\n\"index\" = { fg = \"purple\" }",
        "name = \"x\"\n[roles]\n\"index\" = { fg = \"red\", attrs = [\"blink\"] }",
        "name = \"x\"\n[colours]\n",
        "[roles]\n\"index\" = { fg = \"red\" }",
        "name = \"x\"\n[roles]\n\"index\" = { fg = \"red\" }\n\"index\" = { fg = \"blue\" }",
    ])
    func typosAreErrors(text: String) {
        #expect(throws: ThemeParser.ParseError.self) { try ThemeParser.parse(text) }
    }
}
