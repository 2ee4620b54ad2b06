import Foundation
import MailMessage
import MailStore
@testable import MailUI
import MerleConfig
import Terminal
import Testing

/// Parts seen with the user's programs: the list of parts, the first matching mailcap
/// entry (copiousoutput in the pager, else with the terminal), xdg-open without one, a
/// hostile file name that runs nothing, and html_viewer for HTML mail.
@Suite struct MailcapViewTests {
    /// A message with a text body and one attachment named `name`.
    static func message(attachment name: String, type: String = "text/x-report", content: String = "report body\n") -> String {
        let encoded = name.utf8.map { byte -> String in
            let scalar = Unicode.Scalar(byte)
            return byte < 0x80 && (scalar.properties.isAlphabetic || ("0"..."9").contains(Character(scalar))) ? String(Character(scalar)) : String(format: "%%%02X", byte)
        }.joined()
        return "From: ann@example.test\r\nTo: you@demo.merle.test\r\nSubject: With a file\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--b\r\n"
            + "Content-Type: \(type)\r\nContent-Disposition: attachment; filename*=utf-8''\(encoded)\r\n\r\n\(content)\r\n--b--\r\n"
    }

    func open(_ raw: String, fixture: DemoFixture, app: MailApp) throws {
        try fixture.add(raw, subject: "With a file")
        try app.open(folderNamed: "INBOX")
        app.press(.enter)
        #expect(app.mode == .pager)
    }

    @Test func theListOfPartsViewsSavesAndPipesTheSelectedOne() throws {
        let fixture = try DemoFixture(messages: 5)
        let (app, screen) = try fixture.app(columns: 100)
        app.sendCommand = { _ in }
        app.mailcap = Mailcap(entries: [Mailcap.Entry(type: "text/*", command: "tr a-z A-Z", flags: ["copiousoutput"])])
        try open(Self.message(attachment: "notes.txt"), fixture: fixture, app: app)
        app.press(.character("A"))
        app.draw()
        let list = screen.render()
        #expect(list.contains("1. multipart/mixed") && list.contains("3.   text/x-report  notes.txt"), "\(list)")
        #expect(list.contains("part 3/3"), "the attachment is selected first")
        app.press(.enter)
        #expect(app.shownText?.lines == ["REPORT BODY"], "\(String(describing: app.shownText))")
        #expect(app.shownText?.title.contains("through tr a-z A-Z") == true)
        app.press(.character("q"), .character("|"))
        app.type("wc -c")
        app.press(.enter)
        #expect(app.shownText?.lines.first?.trimmingCharacters(in: .whitespaces) == "12", "the decoded part, 12 bytes")
        app.press(.character("q"), .character("k"), .character("|"))
        app.type("cat")
        app.press(.enter)
        #expect(app.shownText?.lines == ["See attached."], "the part selected")
    }

    @Test(arguments: ["a;touch PWNED;.txt", "$(touch PWNED).txt", "`touch PWNED`.txt", "it's \"PWNED\".txt", "x\ntouch PWNED\n.txt", "--output=PWNED"])
    func aHostileFileNameRunsNothing(_ name: String) throws {
        let fixture = try DemoFixture(messages: 5)
        let (app, _) = try fixture.app(columns: 100)
        app.sendCommand = { _ in }
        let work = NSTemporaryDirectory() + "merle-mailcap-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        // Entries that quote %s each their own way; the viewer copies the file it got.
        app.mailcap = Mailcap(entries: Mailcap.parse("""
            text/x-report; cd \(work) && cp %s got-bare && cp '%s' got-single && cp "%s" got-double && echo %{name} %t > params; \
            test=test -r %s
            """))
        var ran: [String] = []
        app.onRunShell = { line in
            ran.append(line)
            return try ShellOutput.run("cd \(work) && " + line, timeout: 10).status
        }
        try open(Self.message(attachment: name, content: "hostile report\n"), fixture: fixture, app: app)
        app.press(.character("v"))
        #expect(ran.count == 1, "the mailcap entry ran: \(ran)")
        for copy in ["got-bare", "got-single", "got-double"] {
            #expect(try String(contentsOfFile: work + "/" + copy, encoding: .utf8) == "hostile report\n", "\(copy) from \(ran)")
        }
        let everything = try FileManager.default.contentsOfDirectory(atPath: work)
        #expect(!everything.contains { $0.contains("PWNED") }, "nothing from the name ran: \(everything)")
        #expect(try String(contentsOfFile: work + "/params", encoding: .utf8) == "text/x-report\n", "an unsafe name parameter is left out")
        let temporaries = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())
        #expect(!temporaries.contains { $0.contains("PWNED") })
    }

    @Test func withoutAnEntryTheDesktopOpensAPrivateCopy() throws {
        let fixture = try DemoFixture(messages: 5)
        let (app, _) = try fixture.app(columns: 100)
        app.sendCommand = { _ in }
        app.mailcap = Mailcap(entries: [Mailcap.Entry(type: "image/*", command: "false")])
        var opened: [String] = []
        app.onOpenFile = { opened.append($0) }
        try open(Self.message(attachment: "notes.txt"), fixture: fixture, app: app)
        app.press(.character("v"))
        let path = try #require(opened.first)
        #expect(path.hasSuffix("/notes.txt"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "report body\n")
        let mode = try FileManager.default.attributesOfItem(atPath: (path as NSString).deletingLastPathComponent)[.posixPermissions] as? Int
        #expect(mode == 0o700)
    }

    @Test func htmlMailReadsThroughTheHTMLViewerAndFallsBackWithANote() throws {
        let fixture = try DemoFixture(messages: 5)
        let (app, _) = try fixture.app(columns: 100)
        app.sendCommand = { _ in }
        let html = "From: ann@example.test\r\nSubject: Newsletter\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hello <b>reader</b></p>\r\n"
        try fixture.add(html, subject: "Newsletter")
        try app.open(folderNamed: "INBOX")
        app.htmlViewer = .command("sed 's/<[^>]*>//g' | tr a-z A-Z")
        app.press(.enter)
        #expect(app.pager?.lines.contains { $0.text == "HELLO READER" } == true, "\(app.pager?.lines.map(\.text) ?? [])")
        app.press(.character("q"))
        app.htmlViewer = .command("exit 7")
        app.press(.enter)
        let lines = app.pager?.lines.map(\.text) ?? []
        #expect(lines.contains { $0.contains("failed with exit status 7") && $0.contains("built-in HTML converter") }, "\(lines)")
        #expect(lines.contains { $0.contains("Hello reader") }, "the built-in converter's text")
    }
}
