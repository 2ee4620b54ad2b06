import Foundation

/// The untagged responses imaptest scripts expect (see corpus/imap/imaptest/FORMAT.md).
///
/// A `{{{` … `}}}` block is imaptest's way of writing a literal: its lines become the
/// literal's bytes with CRLF line ends (`~{{{` is a literal8).
struct ImaptestExpectation {
    let file: String
    let line: Int
    /// The response as wire bytes, CRLF-terminated.
    let bytes: [UInt8]
    /// The response text as written, for messages.
    let text: String
    /// Whether it holds `$` variables or directives (then it is not literally a server response).
    let hasVariables: Bool

    static func load() throws -> [ImaptestExpectation] {
        let folder = try Corpus.directory("imap/imaptest")
        var result: [ImaptestExpectation] = []
        for file in Corpus.files(in: folder) where !file.hasSuffix(".mbox") && !file.hasSuffix(".md") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var index = 0
            while index < lines.count {
                var line = lines[index]
                let number = index + 1
                index += 1
                if let match = line.firstMatch(of: #/^\d+ \* /#) { line = String(line[match.range.upperBound...]).prefixed("* ") }
                guard line.hasPrefix("* ") else { continue }
                var bytes: [UInt8] = []
                var shown = line
                while line.hasSuffix("{{{") {
                    let literal8 = line.hasSuffix("~{{{")
                    var content: [String] = []
                    var rest = ""
                    while index < lines.count {
                        let next = lines[index]
                        index += 1
                        if let end = next.range(of: "}}}") {
                            content.append(String(next[..<end.lowerBound]))
                            rest = String(next[end.upperBound...])
                            break
                        }
                        content.append(next)
                    }
                    let body = Array(content.joined(separator: "\r\n").utf8)
                    let head = String(line.dropLast(literal8 ? 4 : 3))
                    bytes += Array(head.utf8) + Array((literal8 ? "~{\(body.count)}\r\n" : "{\(body.count)}\r\n").utf8) + body
                    shown += "…}}}" + rest
                    line = rest
                }
                bytes += Array(line.utf8) + [13, 10]
                result.append(ImaptestExpectation(file: file, line: number, bytes: bytes, text: shown, hasVariables: shown.contains("$")))
            }
        }
        return result
    }

    /// The response with `$!directives` dropped and `$variables` replaced by `value`,
    /// the best a parser can do with a pattern.
    func substituted(with value: String = "1") -> [UInt8] {
        var text = String(decoding: bytes, as: UTF8.self)
        text = text.replacing(#/\$![a-z]+(=\S+?)?(?=[ )])\s?/#, with: "")
        text = text.replacing(#/\$\{?[A-Za-z0-9_:]*\}?/#, with: value)
        return Array(text.utf8)
    }
}

private extension String {
    func prefixed(_ prefix: String) -> String { prefix + self }
}
