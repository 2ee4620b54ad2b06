import Foundation
import Testing
@testable import MailMessage

/// mime4j's parse trees (NAME_decoded.xml) and decoded bodies (NAME_decoded_*.txt|bin).
/// Facts compared: the tree (message / multipart / body-part nesting), each header
/// block's field names and unfolded values, non-empty preambles and epilogues
/// (whitespace-insensitive), and every leaf body's transfer-decoded bytes, exactly.
@Suite struct Mime4jOracleTests {
    /// One fact per line, in document order.
    static func expectedFacts(xml: [UInt8], folder: URL) -> [String] {
        var facts: [String] = []
        var stack: [String] = []
        var fieldText = ""
        var sectionText = ""
        for event in MiniXML.events(xml) {
            switch event {
            case .open(let name, let attributes):
                stack.append(name)
                switch name {
                case "message", "multipart", "body-part": facts.append(name)
                case "header": facts.append("header")
                case "field": fieldText = ""
                case "preamble", "epilogue": sectionText = ""
                case "text-body", "binary-body":
                    let file = folder.appendingPathComponent(attributes["name"] ?? "")
                    facts.append("leaf " + hexDigest(CorpusLocator.bytes(file)))
                default: break
                }
            case .text(let text):
                if stack.last == "field" { fieldText += text }
                if stack.last == "preamble" || stack.last == "epilogue" { sectionText += text }
            case .close(let name):
                _ = stack.popLast()
                switch name {
                case "field":
                    let trimmed = fieldText.hasPrefix("\n") ? String(fieldText.dropFirst()) : fieldText
                    if let colon = trimmed.firstIndex(of: ":") {
                        let fieldName = trimmed[..<colon].trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
                        let value = String(trimmed[trimmed.index(after: colon)...]).collapsingWhitespace
                        facts.append("field \(fieldName): \(value)")
                    }
                case "preamble", "epilogue":
                    let text = sectionText.collapsingWhitespace
                    if !text.isEmpty { facts.append("\(name) \(text)") }
                case "message", "multipart", "body-part", "header": facts.append("/" + name)
                default: break
                }
            }
        }
        return facts
    }

    /// The same facts from our tree, walked iteratively.
    static func actualFacts(_ message: MIMEMessage) -> [String] {
        enum Step { case enterMessage(MIMEPart), enterPart(MIMEPart), body(MIMEPart), text(String) }
        var facts: [String] = []
        var stack: [Step] = [.enterMessage(message.body)]
        func header(_ part: MIMEPart) -> [String] {
            ["header"] + part.headers.map { "field \($0.name.lowercased()): \($0.value.collapsingWhitespace)" } + ["/header"]
        }
        while let step = stack.popLast() {
            switch step {
            case .text(let text):
                facts.append(text)
            case .enterMessage(let part):
                facts.append("message")
                facts += header(part)
                stack.append(.text("/message"))
                stack.append(.body(part))
            case .enterPart(let part):
                facts.append("body-part")
                facts += header(part)
                stack.append(.text("/body-part"))
                stack.append(.body(part))
            case .body(let part):
                if part.mediaType.isMultipart, !part.isOpaque {
                    facts.append("multipart")
                    var pending: [Step] = []
                    if let preamble = part.preamble {
                        let text = String(decoding: preamble, as: UTF8.self).collapsingWhitespace
                        if !text.isEmpty { pending.append(.text("preamble \(text)")) }
                    }
                    for child in part.children { pending.append(.enterPart(child)) }
                    if let epilogue = part.epilogue {
                        let text = String(decoding: epilogue, as: UTF8.self).collapsingWhitespace
                        if !text.isEmpty { pending.append(.text("epilogue \(text)")) }
                    }
                    pending.append(.text("/multipart"))
                    stack.append(contentsOf: pending.reversed())
                } else if part.mediaType.isEmbeddedMessage, let child = part.children.first {
                    stack.append(.enterMessage(child))
                } else {
                    facts.append("leaf " + hexDigest(part.decodedBody()))
                }
            }
        }
        return facts
    }

    /// A short stable fingerprint of bytes (FNV-1a) plus the length, so facts stay short.
    static func hexDigest(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100000001b3
        }
        return "\(bytes.count):\(String(hash, radix: 16))"
    }

    @Test func mime4jTrees() {
        guard let corpus = CorpusLocator.requireCorpus() else { return }
        let folder = corpus.appendingPathComponent("mime4j/testmsgs")
        let messages = CorpusLocator.files(under: folder).filter { $0.pathExtension == "msg" }
        #expect(messages.count == 32, "expected 32 mime4j messages, found \(messages.count)")
        var tally = OracleTally(source: "mime4j")
        // mime4j runs some inputs twice under different configurations (malformedHeader vs
        // malformedHeaderStartsBody): identical bytes, contradictory expectations. A parser
        // is a function of its input, so such a group counts once, passing if any member does.
        var groups: [[UInt8]: Bool] = [:]
        for url in messages {
            let name = url.deletingPathExtension().lastPathComponent
            let xml = CorpusLocator.bytes(folder.appendingPathComponent("\(name)_decoded.xml"))
            let expected = Self.expectedFacts(xml: xml, folder: folder)
            let actual = Self.actualFacts(MIMEMessage(bytes: CorpusLocator.bytes(url)))
            var reason: String?
            if expected != actual {
                let firstDifference = (0..<min(expected.count, actual.count)).first { expected[$0] != actual[$0] } ?? min(expected.count, actual.count)
                let want = firstDifference < expected.count ? expected[firstDifference] : "(end)"
                let got = firstDifference < actual.count ? actual[firstDifference] : "(end)"
                reason = "fact \(firstDifference): want \(want.prefix(150)) | got \(got.prefix(150))"
            }
            tally.record(name, reason)
            let input = CorpusLocator.bytes(url)
            groups[input] = (groups[input] ?? false) || reason == nil
        }
        tally.report()
        let distinctPassed = groups.values.filter { $0 }.count
        let distinctRate = Double(distinctPassed) / Double(max(groups.count, 1))
        print("ORACLE mime4j (distinct inputs): \(distinctPassed)/\(groups.count) = \(String(format: "%.1f", distinctRate * 100))%")
        #expect(distinctRate >= 0.95, "mime4j pass rate over distinct inputs \(distinctRate)")
    }
}
