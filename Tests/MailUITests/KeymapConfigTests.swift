import Foundation
import MailUI
import Terminal
import Testing

/// Key bindings from the config.
@Suite struct KeymapConfigTests {
    @Test func keyNamesParse() {
        #expect(Key(name: "x") == .character("x"))
        #expect(Key(name: "X") == .character("X"))
        #expect(Key(name: "C-n") == .ctrl("n"))
        #expect(Key(name: "Ctrl-N") == .ctrl("n"))
        #expect(Key(name: "^d") == .ctrl("d"))
        #expect(Key(name: "M-x") == .alt("x"))
        #expect(Key(name: "F5") == .function(5))
        #expect(Key(name: "PgDn") == .pageDown)
        #expect(Key(name: "Space") == .character(" "))
        #expect(Key(name: "Enter") == .enter)
        #expect(Key(name: "Hyper-x") == nil)
        #expect(Key(name: "") == nil)
    }

    @Test func bindingsOverrideUnbindAndReportMistakes() throws {
        let keymap = try Keymap.standard.applying([
            "index": ["x": "delete", "d": "none", "C-r": "toggle-read"],
            "pager": ["x": "delete"],
        ])
        #expect(keymap.action(for: .character("x"), in: .index) == .delete)
        #expect(keymap.action(for: .character("d"), in: .index) == nil)
        #expect(keymap.action(for: .ctrl("r"), in: .index) == .toggleRead)
        #expect(keymap.action(for: .character("x"), in: .pager) == .delete)
        #expect(keymap.action(for: .character("j"), in: .index) == .moveDown, "the rest stays")
        #expect(Keymap.configName(.toggleRead) == "toggle-read")

        #expect(throws: KeymapError.self) { try Keymap.standard.applying(["index": ["x": "delet"]]) }
        do {
            _ = try Keymap.standard.applying(["index": ["x": "delet"]])
        } catch let error as KeymapError {
            #expect(error.description.contains("did you mean \"delete\""))
        }
        #expect(throws: KeymapError.self) { try Keymap.standard.applying(["inbox": ["x": "delete"]]) }
        #expect(throws: KeymapError.self) { try Keymap.standard.applying(["index": ["Hyper-x": "delete"]]) }
    }
}

/// The README's keys table says what the keys do.
@Suite struct ReadmeKeysTests {
    @Test func theIndexRowNamesEachKeyOnceAndAsBound() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let row = try #require(text.split(separator: "\n").first { $0.hasPrefix("| index |") })
        #expect(row.components(separatedBy: "`-`").count == 2, "`-` is named once in the index row: \(row)")
        #expect(row.contains("`-` collapse/expand a thread"))
        #expect(Keymap.standard.action(for: .character("-"), in: .index) == .toggleThread)
        #expect(row.contains("`Z`/`PgUp` a page"))
        #expect(Keymap.standard.action(for: .character("Z"), in: .index) == .pageUp)
    }
}
