import Foundation
import Testing
@testable import MailMessage

/// Dovecot imaptest THREAD scripts: the mbox, the commands, and the exact `* THREAD`
/// answer. REFERENCES uses `Threader` with subject grouping on (RFC 5256 step 5);
/// ORDEREDSUBJECT uses `BaseSubject`. Sent date is the Date header, else the mbox
/// "From " line date (the internal date).
@Suite struct ThreadingOracleTests {
    struct MboxMessage {
        var message: MIMEMessage
        var internalDate: Date?
    }

    static func splitMbox(_ bytes: [UInt8]) -> [MboxMessage] {
        var messages: [MboxMessage] = []
        var starts: [Int] = []
        var index = 0
        while index + 5 <= bytes.count {
            if (index == 0 || bytes[index - 1] == ASCII.lf), bytes[index..<index + 5].elementsEqual("From ".utf8) { starts.append(index) }
            while index < bytes.count, bytes[index] != ASCII.lf { index += 1 }
            index += 1
        }
        for (offset, start) in starts.enumerated() {
            let end = offset + 1 < starts.count ? starts[offset + 1] : bytes.count
            var lineEnd = start
            while lineEnd < end, bytes[lineEnd] != ASCII.lf { lineEnd += 1 }
            let fromLine = String(decoding: bytes[start..<lineEnd], as: UTF8.self)
            // "From user@domain  Fri Feb 22 17:06:23 2008": asctime after the address.
            let dateText = fromLine.split(separator: " ", omittingEmptySubsequences: true).dropFirst(2).joined(separator: " ")
            let arrival = DateParser.parse(dateText)?.date
            messages.append(MboxMessage(message: MIMEMessage(bytes: Array(bytes[min(lineEnd + 1, end)..<end])), internalDate: arrival))
        }
        return messages
    }

    static func format(_ node: ThreadNode) -> String {
        var text = node.id ?? ""
        if node.children.count == 1 {
            text += (text.isEmpty ? "" : " ") + format(node.children[0])
        } else if node.children.count > 1 {
            text += (text.isEmpty ? "" : " ") + node.children.map { "(" + format($0) + ")" }.joined()
        }
        return text
    }

    static func threadReferences(_ messages: [MboxMessage]) -> String {
        var threader = Threader(groupBySubject: true)
        for (offset, item) in messages.enumerated() {
            threader.add(ThreadableMessage(id: String(offset + 1), message: item.message, fallbackDate: item.internalDate))
        }
        return "* THREAD " + threader.threads().map { "(" + format($0) + ")" }.joined()
    }

    static func threadOrderedSubject(_ messages: [MboxMessage]) -> String {
        struct Item { var id: Int; var date: Date; var base: String }
        let items = messages.enumerated().map { offset, item in
            Item(id: offset + 1, date: item.message.date ?? item.internalDate ?? .distantPast, base: BaseSubject.groupingKey(item.message.subject ?? ""))
        }
        let sorted = items.sorted { ($0.date, $0.id) < ($1.date, $1.id) }
        var groups: [String: [Item]] = [:]
        var order: [String] = []
        for item in sorted {
            if groups[item.base] == nil { order.append(item.base) }
            groups[item.base, default: []].append(item)
        }
        let threads = order.map { base -> String in
            let group = groups[base] ?? []
            guard let first = group.first else { return "" }
            let rest = group.dropFirst()
            if rest.isEmpty { return "(\(first.id))" }
            if rest.count == 1 { return "(\(first.id) \(rest.first!.id))" }
            return "(\(first.id) " + rest.map { "(\($0.id))" }.joined() + ")"
        }
        return "* THREAD " + threads.joined()
    }

    @Test func imaptestThreadScripts() {
        guard let corpus = CorpusLocator.requireCorpus() else { return }
        let folder = corpus.appendingPathComponent("threading/imaptest")
        let scripts = ["thread", "thread2", "thread3", "thread-orderedsubject"]
        var tally = OracleTally(source: "threading/imaptest")
        for script in scripts {
            let lines = String(decoding: CorpusLocator.bytes(folder.appendingPathComponent(script)), as: UTF8.self).components(separatedBy: "\n")
            var messages = Self.splitMbox(CorpusLocator.bytes(folder.appendingPathComponent("\(script).mbox")))
            var deleted = Set<Int>()
            var step = 0
            var index = 0
            while index < lines.count {
                let line = lines[index].trimmingCharacters(in: .whitespaces)
                index += 1
                let lower = line.lowercased()
                if lower.hasPrefix("ok store "), lower.contains("\\deleted") {
                    let set = line.split(separator: " ")[2]
                    for number in set.split(separator: ",") { if let value = Int(number) { deleted.insert(value) } }
                } else if lower == "ok expunge" {
                    messages = messages.enumerated().filter { !deleted.contains($0.offset + 1) }.map(\.element)
                    deleted = []
                } else if lower.hasPrefix("ok thread ") {
                    step += 1
                    let expected = index < lines.count ? lines[index].trimmingCharacters(in: .whitespaces) : ""
                    let actual = lower.contains("orderedsubject") ? Self.threadOrderedSubject(messages) : Self.threadReferences(messages)
                    let matches = actual.lowercased() == expected.lowercased()
                    tally.record("\(script) step \(step)", matches ? nil : "want \(expected) got \(actual)")
                }
            }
        }
        tally.report()
        #expect(tally.total == 5, "expected 5 THREAD expectations, found \(tally.total)")
        #expect(tally.rate >= 0.95, "imaptest THREAD pass rate \(tally.rate)")
    }
}
