import Foundation
import Testing

/// `merle show --file PATH --text`: rendered, decoded and safe for the terminal.
@Suite struct ShowTextTests {
    @Test func rendersDecodedTextWithNoEscapeSequences() throws {
        let folder = try TemporaryFolder()
        let message = """
            From: =?utf-8?B?SsO8cmdlbg==?= <j@example.test>\r
            To: you@example.test\r
            Subject: =?utf-8?Q?Gr=C3=BC=C3=9Fe?= \u{1B}[31mred\u{1B}[0m\r
            Date: Thu, 26 Nov 2026 10:00:00 +0000\r
            Content-Type: text/html; charset=utf-8\r
            \r
            <p>Hello <b>there</b> \u{1B}]52;c;ZXZpbA==\u{07}</p><p><a href="https://example.test/x">link</a></p>\r
            """
        let file = try folder.write("m.eml", message)
        let result = try MerleProcess.run(["show", "--file", file, "--text"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.output.contains("Grüße"))
        #expect(result.output.contains("Jürgen"))
        #expect(result.output.contains("Hello there"))
        #expect(result.output.contains("https://example.test/x"))
        #expect(!result.output.contains("\u{1B}"))
        #expect(!result.output.contains("\u{07}"))
        let raw = try MerleProcess.run(["show", "--file", file, "--raw"])
        #expect(raw.stdout == Data(message.utf8))
    }

    @Test func rawAndTextTogetherIsAUsageError() throws {
        let result = try MerleProcess.run(["show", "--file", "/dev/null", "--raw", "--text"])
        #expect(result.status != 0)
    }
}
