import Foundation
import Testing
@testable import MailMessage

/// mailcore2's expectations: decoded text summaries of charset-heavy real messages, and
/// parse trees (header facts and part structure) for a few structural cases.
@Suite struct MailcoreOracleTests {
    /// Summary facts: From, To and Subject lines must match exactly (decoded); the body
    /// words of MailCore's summary (whitespace-collapsed) must appear in our rendered text
    /// in order for at least 90% of them: renderings of HTML differ, charset decoding must not.
    @Test func summaries() {
        guard let corpus = CorpusLocator.requireCorpus() else { return }
        let folder = corpus.appendingPathComponent("mailcore2/summary")
        let messages = CorpusLocator.files(under: folder).filter { $0.pathExtension == "eml" }
        #expect(messages.count == 26, "expected 26 mailcore2 summary messages, found \(messages.count)")
        var tally = OracleTally(source: "mailcore2 summary")
        for url in messages {
            let name = url.deletingPathExtension().lastPathComponent
            let expectedText = String(decoding: CorpusLocator.bytes(folder.appendingPathComponent("\(name).expected-summary.txt")), as: UTF8.self)
            let message = MIMEMessage(bytes: CorpusLocator.bytes(url))
            tally.record(name, Self.compareSummary(message, expectedText))
        }
        tally.report()
        #expect(tally.rate >= 0.95, "mailcore2 summary pass rate \(tally.rate)")
    }

    static func compareSummary(_ message: MIMEMessage, _ expected: String) -> String? {
        let parts = expected.components(separatedBy: "\n\n")
        let headerLines = (parts.first ?? "").split(separator: "\n").map(String.init)
        let expectedBody = parts.dropFirst().joined(separator: "\n\n")
        var problems: [String] = []
        for line in headerLines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon])
            let value = String(line[line.index(after: colon)...]).trimmingMailWhitespace
            let actual: String?
            switch name {
            case "From": actual = summaryAddresses(message.from)
            case "To": actual = summaryAddresses(message.to)
            case "Cc": actual = summaryAddresses(message.cc)
            case "Subject":
                // MailCore's summary shows the subject without reply/forward prefixes and
                // "No Subject" for none; compare on that basis.
                actual = message.subject.map { value.lowercased().hasPrefix("re:") ? $0 : MessageBuilder.stripPrefixes($0, prefixes: ["re", "fwd", "fw"]) } ?? "No Subject"
            default: continue
            }
            if name == "To", value == "Undisclosed recipient", (actual ?? "").isEmpty { continue }
            if (actual ?? "").collapsingWhitespace != value.collapsingWhitespace {
                problems.append("\(name): want \(value.debugDescription) got \((actual ?? "nil").debugDescription)")
            }
        }
        // MailCore lists attachments as "- NAME, SIZE": compare the name only.
        let bodyLines = expectedBody.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.hasPrefix("- "), let comma = line.lastIndex(of: ",") else { return String(line) }
            return String(line[line.index(line.startIndex, offsetBy: 2)..<comma])
        }
        let rendered = MessageRenderer().render(message).fullText
        // MailCore writes link targets inline as "(URL)"; Merle lists them under the text.
        // Link placement is presentation, so inline targets are removed before comparing.
        let withoutInlineLinks = bodyLines.joined(separator: "\n")
            .replacingOccurrences(of: #"\((https?:|mailto:|#|cid:|ftp:)[^)]*\)"#, with: " ", options: .regularExpression)
        let recall = orderedWordRecall(expected: withoutInlineLinks, actual: rendered)
        if recall < 0.9 {
            problems.append("body word recall \(String(format: "%.2f", recall))")
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    static func summaryAddresses(_ list: AddressList) -> String {
        list.addresses.map { address in
            if let name = address.name, !name.isEmpty { return "\(name) <\(address.mailbox)>" }
            return address.mailbox
        }.joined(separator: ", ")
    }

    /// The share of expected tokens found in order in the actual text (a greedy scan
    /// with a bounded look-ahead). Tokens are runs of ASCII letters and digits, and each
    /// other letter or digit on its own (CJK text has no spaces between words).
    static func orderedWordRecall(expected: String, actual: String) -> Double {
        func tokens(_ text: String) -> [String] {
            var result: [String] = []
            var current = ""
            for scalar in text.unicodeScalars {
                if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                    current.unicodeScalars.append(scalar)
                    continue
                }
                if !current.isEmpty { result.append(current.lowercased()); current = "" }
                if !scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) { result.append(String(scalar)) }
            }
            if !current.isEmpty { result.append(current.lowercased()) }
            return result
        }
        let want = tokens(expected)
        guard !want.isEmpty else { return 1 }
        let have = tokens(actual)
        var index = 0
        var found = 0
        for token in want {
            var probe = index
            while probe < have.count, probe < index + 300, have[probe] != token { probe += 1 }
            if probe < have.count, probe < index + 300 {
                found += 1
                index = probe + 1
            }
        }
        return Double(found) / Double(want.count)
    }

    /// Parse trees: header facts (from, to, subject, date, message id when present) and
    /// the part structure (multipart subtypes and children, messages, leaf media types).
    @Test func parseTrees() {
        guard let corpus = CorpusLocator.requireCorpus() else { return }
        let folder = corpus.appendingPathComponent("mailcore2/parser")
        let cases = CorpusLocator.files(under: folder).filter { $0.lastPathComponent.hasSuffix(".txt") && !$0.lastPathComponent.contains("expected") }
        #expect(cases.count == 6, "expected 6 mailcore2 parser cases, found \(cases.count)")
        var tally = OracleTally(source: "mailcore2 parser")
        for url in cases {
            let jsonURL = URL(fileURLWithPath: url.path + ".expected.json")
            guard let data = try? Data(contentsOf: jsonURL), let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                tally.record(url.lastPathComponent, "oracle JSON unreadable")
                continue
            }
            let message = MIMEMessage(bytes: CorpusLocator.bytes(url))
            var problems: [String] = []
            compareHeader(json["header"] as? [String: Any] ?? [:], headers: message.headers, problems: &problems, path: "top")
            comparePart(json["mainPart"] as? [String: Any] ?? [:], message.body, problems: &problems)
            tally.record(url.lastPathComponent, problems.isEmpty ? nil : problems.joined(separator: "; "))
        }
        tally.report()
        #expect(tally.rate >= 0.95, "mailcore2 parser pass rate \(tally.rate)")
    }

    func compareHeader(_ expected: [String: Any], headers: [HeaderField], problems: inout [String], path: String) {
        let message = MIMEMessage(rootPart: MIMEPart(headers: headers, mediaType: .defaultText, hasExplicitMediaType: false, disposition: nil,
                                                     transferEncoding: .sevenBit, encodedBody: [], children: [], preamble: nil, epilogue: nil,
                                                     missingCloseDelimiter: false, isOpaque: false, path: []))
        if let subject = expected["subject"] as? String, message.subject != subject {
            problems.append("\(path) subject want \(subject) got \(message.subject ?? "nil")")
        }
        if let from = expected["from"] as? [String: Any] {
            let mailbox = from["mailbox"] as? String
            let name = from["displayName"] as? String
            let actual = message.from.addresses.first
            if actual?.mailbox != mailbox || (name != nil && actual?.name != name) {
                problems.append("\(path) from want \(name ?? "") <\(mailbox ?? "")> got \(actual?.displayString ?? "nil")")
            }
        }
        if let to = (expected["to"] as? [String: Any])?["items"] as? [[String: Any]] {
            let want = to.compactMap { $0["mailbox"] as? String }
            let got = message.to.addresses.map(\.mailbox)
            if want != got { problems.append("\(path) to want \(want) got \(got)") }
        }
        if let id = message.messageID, let want = expected["messageID"] as? String, id != want {
            problems.append("\(path) message-id want \(want) got \(id)")
        }
        if let date = message.date, let want = (expected["date"] as? String).flatMap(Double.init), date.timeIntervalSince1970 != want {
            problems.append("\(path) date want \(want) got \(date.timeIntervalSince1970)")
        }
    }

    func comparePart(_ expected: [String: Any], _ part: MIMEPart, problems: inout [String]) {
        // An explicit stack of (expected, actual) pairs: no recursion.
        var stack: [([String: Any], MIMEPart)] = [(expected, part)]
        while let (want, got) = stack.popLast() {
            let partType = want["partType"] as? String ?? ""
            let where_ = got.path.isEmpty ? "root" : got.path.map(String.init).joined(separator: ".")
            if partType == "single" {
                let mime = (want["mimeType"] as? String ?? "").lowercased()
                let actual = got.hasExplicitMediaType || got.mediaType.subtype.isEmpty ? got.mediaType.mimeType : got.mediaType.mimeType
                let declared = got.header("Content-Type").map { _ in actual } ?? "text/plain"
                if mime != declared && mime != actual { problems.append("\(where_) single want \(mime) got \(actual)") }
            } else if partType == "message" {
                guard got.mediaType.isEmbeddedMessage, let inner = got.children.first else {
                    problems.append("\(where_) want message got \(got.mediaType.mimeType)")
                    continue
                }
                compareHeader(want["header"] as? [String: Any] ?? [:], headers: inner.headers, problems: &problems, path: where_)
                if let main = want["mainPart"] as? [String: Any] { stack.append((main, inner)) }
            } else if partType.hasPrefix("multipart/") {
                let items = (want["parts"] as? [String: Any])?["items"] as? [[String: Any]] ?? []
                // MailCore's model knows only mixed, alternative, related and signed; other
                // multipart subtypes (digest, report, parallel) come out as multipart/mixed.
                let known = ["multipart/mixed", "multipart/alternative", "multipart/related", "multipart/signed"]
                let actualType = known.contains(got.mediaType.mimeType) ? got.mediaType.mimeType : "multipart/mixed"
                if actualType != partType.lowercased() || got.children.count != items.count {
                    problems.append("\(where_) want \(partType) with \(items.count) parts got \(got.mediaType.mimeType) with \(got.children.count)")
                    continue
                }
                for (item, child) in zip(items, got.children) { stack.append((item, child)) }
            } else {
                problems.append("\(where_) unknown part type \(partType)")
            }
        }
    }
}
