import Foundation
import Testing
@testable import MailMessage

/// Every corpus file (except imap/ and the .json/.xml/.md oracle files) parses and
/// renders without a crash, in bounded time, and the rendered text is terminal-safe.
@Suite struct CorpusSmokeTests {
    static func messageFiles() -> [URL] {
        guard let corpus = CorpusLocator.requireCorpus() else { return [] }
        return CorpusLocator.files(under: corpus).filter { url in
            let relative = url.path.dropFirst(corpus.path.count + 1)
            return !relative.hasPrefix("imap/") && !["json", "xml", "md"].contains(url.pathExtension.lowercased())
        }
    }

    @Test func everyCorpusFileParsesAndRenders() {
        let files = Self.messageFiles()
        #expect(files.count > 300, "expected the corpus files, found \(files.count)")
        var slowest = (name: "", seconds: 0.0)
        for url in files {
            let bytes = CorpusLocator.bytes(url)
            let start = Date()
            let message = MIMEMessage(bytes: bytes)
            _ = message.subject
            _ = message.from
            _ = message.to
            _ = message.date
            _ = message.references
            let root = message.body
            for part in root.allParts { _ = part.decodedBody() }
            let rendered = MessageRenderer().render(message)
            let seconds = Date().timeIntervalSince(start)
            if seconds > slowest.seconds { slowest = (url.lastPathComponent, seconds) }
            #expect(seconds < 10, "\(url.lastPathComponent) took \(seconds) s")
            #expect(DisplaySanitizer.isSafe(rendered.fullText), "\(url.lastPathComponent) rendered unsafe text")
            for line in rendered.headerLines {
                #expect(!line.contains("\n"), "\(url.lastPathComponent) header line with a newline")
            }
        }
        // mbox files: every message in them, too.
        var mboxMessages = 0
        for url in files {
            let bytes = CorpusLocator.bytes(url)
            guard bytes.starts(with: Array("From ".utf8)) else { continue }
            for item in ThreadingOracleTests.splitMbox(bytes) {
                let start = Date()
                let rendered = MessageRenderer().render(item.message)
                #expect(Date().timeIntervalSince(start) < 10)
                #expect(DisplaySanitizer.isSafe(rendered.fullText))
                mboxMessages += 1
            }
        }
        print("CORPUS smoke: \(mboxMessages) messages inside mbox files")
        print("CORPUS smoke: \(files.count) files, slowest \(slowest.name) \(String(format: "%.3f", slowest.seconds)) s")
    }
}
