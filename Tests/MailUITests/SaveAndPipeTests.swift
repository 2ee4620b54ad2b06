import Foundation
import MailMessage
import MailStore
@testable import MailUI
import Terminal
import Testing

/// `W` saves to a file (an .eml, or an mbox for tagged messages) and `|` shows what a
/// command made of the message, its output made safe for the terminal.
@Suite struct SaveAndPipeTests {
    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "merle-ui-save-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func saveWritesTheSelectedMessageOrAppendsTheTaggedOnes() throws {
        let fixture = try DemoFixture(messages: 10)
        let (app, _) = try fixture.app(columns: 100)
        let base = try folder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let first = try #require(try app.record(at: 0, store: fixture.store))
        app.press(.character("W"))
        #expect(app.prompt?.text.hasSuffix(".eml") == true, "a name after the subject is offered: \(app.prompt?.text ?? "")")
        app.press(.ctrl("u"))
        app.type(base + "/one.eml")
        app.press(.enter)
        #expect(app.info == "Saved \(base)/one.eml.")
        #expect(FileManager.default.contents(atPath: base + "/one.eml") == (try fixture.store.rawMessage(id: first.id!)))
        app.press(.character("W"), .ctrl("u"))
        app.type(base + "/one.eml")
        app.press(.enter)
        #expect(app.lastError?.contains("is not an mbox file; nothing was overwritten") == true)

        app.press(.character("t"), .character("t"), .character("W"))
        #expect(app.prompt?.prompt == "Append 2 messages to the mbox file: ")
        app.press(.ctrl("u"))
        app.type(base + "/saved.mbox")
        app.press(.enter)
        #expect(app.info == "Wrote 2 messages to \(base)/saved.mbox.")
        #expect(app.tagged.isEmpty)
    }

    @Test func pipeShowsTheCommandsOutputSafely() throws {
        let fixture = try DemoFixture(messages: 10)
        let (app, screen) = try fixture.app(columns: 100)
        app.sendCommand = { _ in }
        app.press(.character("|"))
        app.type("grep -c '^Message-ID:'; echo to-stderr >&2; printf '\\033[2J\\033]52;c;aGk=\\007'")
        app.press(.enter)
        let shown = try #require(app.shownText)
        #expect(shown.title.hasPrefix("Output of grep -c"))
        #expect(shown.lines.prefix(2) == ["1", "to-stderr"], "\(shown.lines)")
        app.draw()
        let drawn = screen.render()
        #expect(!drawn.contains("\u{1B}") && !drawn.contains("\u{7}"), "escape sequences never reach the terminal")
        app.press(.character("q"))
        #expect(app.shownText == nil)

        // In the pager too, and the exit status is said.
        app.press(.enter, .character("|"))
        app.type("head -c 4; exit 3")
        app.press(.enter)
        #expect(app.shownText?.title.hasSuffix("(exit status 3)") == true)
        #expect(app.shownText?.lines == ["From"], "the raw message, its first four bytes")
        app.press(.character("q"))
        #expect(app.mode == .pager, "back in the message")

        // Tagged messages go as one mbox stream.
        app.showIndex()
        app.press(.character("t"), .character("t"), .character("|"))
        app.type("grep -c '^From '")
        app.press(.enter)
        #expect(app.shownText?.lines == ["2"], "\(String(describing: app.shownText))")
        app.press(.character("q"), .character("|"))
        app.type("true")
        app.press(.enter)
        #expect(app.info == "true finished with no output.")
    }
}
