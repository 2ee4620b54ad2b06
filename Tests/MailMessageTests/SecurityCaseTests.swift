import Foundation
import Testing
@testable import MailMessage

/// The message cases from SECURITY.md: parse in bounded time and memory, show what can
/// be shown, never crash, and nothing reaches the terminal raw.
@Suite struct SecurityCaseTests {
    /// "Bounded time" means no pathological (super-linear) blow-up; the limits leave
    /// room for a loaded CI machine running the whole suite on two cores.
    func timed<T>(_ limit: TimeInterval = 10, _ body: () -> T) -> T {
        let start = Date()
        let result = body()
        let seconds = Date().timeIntervalSince(start)
        #expect(seconds < limit, "took \(seconds) s")
        return result
    }

    @Test func thousandsOfPartsAreCapped() {
        var text = "Content-Type: multipart/mixed; boundary=p\r\n\r\n"
        text += String(repeating: "--p\r\nContent-Type: text/plain\r\n\r\nx\r\n", count: 30_000)
        text += "--p--\r\n"
        let parsed = MIMEMessage(bytes: Array(text.utf8), limits: ParseLimits(maxParts: 10_000))
        let root = timed { parsed.body }
        #expect(root.allParts.count <= 10_001)
        #expect(root.children.last?.isOpaque == true, "the rest is kept as one opaque part")
        let rendered = timed { MessageRenderer().render(parsed) }
        #expect(rendered.notes.contains { $0.contains("limit") })
    }

    @Test func deepNestingStopsDescendingWithoutStackOverflow() {
        let depth = 20_000
        var text = ""
        for level in 0..<depth {
            text += "Content-Type: multipart/mixed; boundary=b\(level)\r\n\r\n--b\(level)\r\n"
        }
        text += "Content-Type: text/plain\r\n\r\nbottom\r\n"
        let parsed = MIMEMessage(bytes: Array(text.utf8))
        let root = timed { parsed.body }
        var deepest = 0
        var stack: [(MIMEPart, Int)] = [(root, 0)]
        while let (part, level) = stack.popLast() {
            deepest = max(deepest, level)
            stack.append(contentsOf: part.children.map { ($0, level + 1) })
        }
        #expect(deepest <= ParseLimits.standard.maxDepth + 1)
        _ = timed { MessageRenderer().render(parsed) }
    }

    @Test func deeplyNestedMessageRFC822() {
        let text = String(repeating: "Content-Type: message/rfc822\r\n\r\n", count: 50_000) + "Subject: end\r\n\r\nbody"
        let parsed = MIMEMessage(bytes: Array(text.utf8))
        _ = timed { parsed.body.allParts.count }
        _ = timed { MessageRenderer().render(parsed) }
    }

    @Test func invalidBase64InEncodedWordsIsShownAsIs() {
        let parsed = message(["Subject: =?utf-8?B?####?= and =?utf-8?B?SGk=?=", "", ""])
        #expect(parsed.subject == "=?utf-8?B?####?= and Hi")
    }

    @Test func unknownCharsetAndBrokenUTF8StillShow() {
        var bytes = Array("Subject: =?x-klingon?Q?qapla=27?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nok ".utf8)
        bytes += [0xFF, 0xFE, 0xC3]
        let parsed = MIMEMessage(bytes: bytes)
        #expect(parsed.subject == "qapla'")
        let rendered = MessageRenderer().render(parsed)
        #expect(rendered.bodyText.hasPrefix("ok \u{FFFD}"))
    }

    @Test func hugeSingleLines() {
        let line = String(repeating: "A", count: 8_000_000)
        let parsed = MIMEMessage(bytes: Array("Subject: \(line)\r\nContent-Type: text/plain\r\n\r\n\(line)".utf8))
        let rendered = timed(30) { MessageRenderer().render(parsed) }
        #expect(rendered.bodyText.count >= 8_000_000)
        let base64 = MIMEMessage(bytes: Array("Content-Transfer-Encoding: base64\r\n\r\n".utf8) + Array(repeating: UInt8(ascii: "Q"), count: 4_000_000))
        _ = timed { base64.body.decodedBody() }
    }

    @Test func escapeSequencesInSubjectNamesBodiesAndFileNamesComeOutHarmless() {
        let esc = "\u{1B}"
        let parsed = message([
            "From: \"Evil\(esc)]52;c;cm0gLXJmIH4=\u{07}Name\" <evil@x.test>",
            "To: =?utf-8?B?\(Data("\(esc)[2J\u{202E}gnp.exe".utf8).base64EncodedString())?= <to@x.test>",
            "Subject: Hello \(esc)[31mred\(esc)[0m \u{9B}6n \u{202E}cod.exe",
            "Content-Type: multipart/mixed; boundary=b", "",
            "--b", "Content-Type: text/plain; charset=utf-8", "", "body \(esc)]8;;http://evil.test\(esc)\\link\(esc)]8;;\(esc)\\ \(esc)P+q\(esc)\\ \u{85}",
            "--b", "Content-Type: application/octet-stream; name=\"\(esc)[1m../../x\u{202E}.sh\"", "", "data",
            "--b", "Content-Type: text/html", "", "<p>\(esc)[5mblink</p><a href=\"http://x.test/\(esc)[1m\">l</a>",
            "--b--", "",
        ])
        let rendered = MessageRenderer().render(parsed)
        for text in rendered.headerLines + [rendered.bodyText, rendered.fullText] + rendered.links + rendered.attachments.flatMap({ [$0.filename, $0.safeFilename, $0.mediaType] }) {
            #expect(isTerminalSafe(text), "\(text.debugDescription)")
        }
        #expect(rendered.headerLines.contains { $0.contains("<U+202E>") })
        #expect(!rendered.attachments[0].safeFilename.contains("/"))
    }
}
