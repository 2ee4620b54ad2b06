import Foundation
import Testing
@testable import MerleConfig

/// RFC 1524 mailcap files and command lines that a message's names cannot break out of
/// (SECURITY.md: nothing from a message reaches a shell as syntax).
@Suite struct MailcapTests {
    static let file = """
        # a comment
        text/html; w3m -dump -T text/html -I %{charset} %s; copiousoutput; nametemplate=%s.html
        text/html; firefox %s; test=test -n "$DISPLAY"
        image/*; feh '%s'; description="Images \\; pictures"
        application/pdf; zathura \\
          %s; needsterminal
        broken line without command
        text/plain;
        """

    @Test func entriesAreReadAndMatched() throws {
        let mailcap = Mailcap(entries: Mailcap.parse(Self.file))
        #expect(mailcap.entries.count == 4)
        let html = mailcap.entries[0]
        #expect(html.copiousOutput && html.fields["nametemplate"] == "%s.html")
        #expect(mailcap.entries[2].fields["description"] == "\"Images ; pictures\"", "a backslashed semicolon stays in its field")
        #expect(mailcap.entries[3].command == "zathura   %s" && mailcap.entries[3].needsTerminal, "a continued line")
        #expect(mailcap.entry(for: "IMAGE/PNG")?.command == "feh '%s'")
        #expect(mailcap.entry(for: "text/html", copiousOutput: true)?.command.hasPrefix("w3m") == true)
        #expect(mailcap.entry(for: "text/html", test: { _ in false })?.command.hasPrefix("w3m") == true, "no test, no check")
        #expect(mailcap.entry(for: "video/mp4") == nil)
        #expect(Mailcap.searchPath(environment: ["MAILCAPS": "/a:~/b", "HOME": "/home/u"]).first == "/a")
        #expect(Mailcap.searchPath(environment: ["HOME": "/home/u"]) == ["/home/u/.mailcap", "/etc/mailcap"])
    }

    static let hostile = [
        "a;touch pwned;.pdf", "$(touch pwned).pdf", "`touch pwned`.pdf", "it's \"quoted\".pdf", "line\nbreak.pdf",
        "-rf.pdf", "../../etc/passwd", "..", "", "ünïcödé ✓.pdf", String(repeating: "x", count: 300) + ".pdf",
    ]

    static func isHarmless(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { MailcapCommand.safe.contains($0) || $0 == "/" }
    }

    @Test(arguments: hostile)
    func namesFromAMessageBecomeOneHarmlessWord(_ name: String) throws {
        let safe = MailcapCommand.safeName(name)
        #expect(Self.isHarmless(safe) && !safe.contains("/"), "\(safe)")
        #expect(!safe.hasPrefix("-") && !safe.hasPrefix(".") && !safe.isEmpty && safe.count <= 100)
        // Whatever the entry's own quoting, what is put in is letters, digits and . _ + - / only.
        let command = MailcapCommand(template: "%s|%t|%{name}", file: "/tmp/merle-view-x/" + safe, mediaType: name + "/x",
                                     parameters: ["name": name])
        for piece in command.line.split(separator: "|", omittingEmptySubsequences: false) {
            #expect(Self.isHarmless(String(piece)), "\(name) became \(command.line)")
        }
        #expect(MailcapCommand(template: "v %s", file: "/tmp/a b;c", mediaType: "x/y").line == "v ", "an unsafe path is never put in")
    }

    @Test func fieldsAreFilledIn() {
        let command = MailcapCommand(template: "conv --type=%t --cs=%{charset} --n=%{name} 100%% \\%s %s", file: "/tmp/x/a.html",
                                     mediaType: "Text/HTML", parameters: ["charset": "utf-8", "name": "a b.html"])
        #expect(command.line == "conv --type=text/html --cs=utf-8 --n= 100% %s /tmp/x/a.html", "\(command.line)")
        #expect(!command.readsStandardInput)
        #expect(MailcapCommand(template: "w3m -dump -T text/html", file: nil, mediaType: "text/html").readsStandardInput)
        #expect(MailcapCommand.fileName(for: "Report (final).HTM", template: "%s.html") == "Report__final_.html")
        #expect(MailcapCommand(template: "x %t", file: nil, mediaType: "text").line == "x application/octet-stream")
    }

    @Test func theHTMLViewerRunsAndItsFailureIsAnError() throws {
        let upper = try #require(HTMLViewer.command("tr a-z A-Z").converter(mailcap: Mailcap()))
        #expect(try upper("<p>hello</p>") == "<P>HELLO</P>")
        let fromFile = try #require(HTMLViewer.command("sed 's/<[^>]*>//g' %s").converter(mailcap: Mailcap()))
        #expect(try fromFile("<b>bold</b>\n") == "bold\n")
        let failing = try #require(HTMLViewer.command("echo oops; exit 4").converter(mailcap: Mailcap()))
        #expect(throws: MailcapError.self) { try failing("<p>x</p>") }
        #expect(HTMLViewer.builtIn.converter(mailcap: Mailcap()) == nil)
        #expect(HTMLViewer.mailcap.converter(mailcap: Mailcap()) == nil, "no copiousoutput entry: the built-in converter")
        let entries = [Mailcap.Entry(type: "text/html", command: "wc -c", flags: ["copiousoutput"])]
        let viaMailcap = try #require(HTMLViewer.mailcap.converter(mailcap: Mailcap(entries: entries)))
        #expect(try viaMailcap("12345").trimmingCharacters(in: .whitespacesAndNewlines) == "5")
    }
}
