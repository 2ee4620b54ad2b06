import Foundation
import Testing
@testable import MailMessage

/// HTML tables side by side with `w3m -dump` (outputs kept in Fixtures/w3m). Facts
/// compared: the cells that share a line, in order, and columns that line up.
@Suite struct HTMLTableTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/w3m")

    static func fixture(_ name: String) throws -> (html: String, w3m: [String]) {
        let html = try String(contentsOf: fixtures.appendingPathComponent(name + ".html"), encoding: .utf8)
        let w3m = try String(contentsOf: fixtures.appendingPathComponent(name + ".w3m.txt"), encoding: .utf8)
        return (html, w3m.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }

    /// The line holding every cell of `row` in order, if there is one.
    static func line(holding row: [String], in lines: [String]) -> String? {
        lines.first { line in
            var rest = Substring(line)
            for cell in row {
                guard let found = rest.range(of: cell) else { return false }
                rest = rest[found.upperBound...]
            }
            return true
        }
    }

    /// Columns of a data table start at the same place on every row.
    static func columnStarts(of row: [String], in line: String) -> [Int] {
        var starts: [Int] = []
        var rest = Substring(line)
        for cell in row {
            guard let found = rest.range(of: cell) else { return [] }
            starts.append(TextWidth.of(line[..<found.lowerBound]))
            rest = line[found.upperBound...]
        }
        return starts
    }

    @Test(arguments: [
        ("invoice", [["Item", "Qty", "Price"], ["Widget, blue", "2", "€4.00"], ["Gadget with a much longer name", "10", "€120.50"]]),
        ("schedule", [["Day", "Room", "Speaker", "Talk"], ["Mon", "A1", "Ada Lovelace", "Engines that weave algebra"],
                      ["Wed", "A1", "Jürgen Müller", "Zeichensätze in der Post"]]),
        ("wide", [["Name", "Description", "Status"], ["alpha", "The first service", "running"], ["beta", "Queues outgoing mail", "degraded"]]),
    ])
    func dataTablesKeepEachRowOnALineLikeW3m(name: String, rows: [[String]]) throws {
        let (html, w3m) = try Self.fixture(name)
        let ours = HTMLToText.convert(html).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var starts: [[Int]] = []
        for row in rows {
            #expect(Self.line(holding: row, in: w3m) != nil, "w3m keeps \(row) on one line")
            let line = Self.line(holding: row, in: ours)
            #expect(line != nil, "\(name): \(row) on one line in\n\(ours.joined(separator: "\n"))")
            if let line { starts.append(Self.columnStarts(of: row, in: line)) }
        }
        // Rows after the heading (w3m centres headings) start each column at the same place.
        let body = starts.dropFirst()
        #expect(Set(body.map { $0 }).count == 1, "\(name): columns line up: \(starts)")
        #expect(ours.allSatisfy { TextWidth.of($0) <= 80 }, "\(name) fits 80 columns")
        #expect(!ours.contains { $0.trimmingCharacters(in: .whitespaces) == "|" }, "no stray separators")
    }

    @Test func layoutTablesFlowAsTextLikeW3m() throws {
        let (html, w3m) = try Self.fixture("layout")
        let text = HTMLToText.convert(html).text
        for phrase in ["Newsletter", "First story text goes here", "Footer"] {
            #expect(w3m.contains { $0.contains(phrase) })
            #expect(text.contains(phrase))
        }
        // Each block starts its own line, with nothing beside it.
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("Newsletter"))
        #expect(lines.contains { $0.hasPrefix("First story text goes here and is long enough") })
        #expect(lines.contains { $0.hasPrefix("Footer © 2024 — unsubscribe") })
    }

    @Test func aColumnHeadingKeepsItsValue() {
        let html = "<table><tr><th>Order</th><th>Amount</th></tr><tr><td>#4411</td><td>$12.00</td></tr></table>"
        let lines = HTMLToText.convert(html).text.split(separator: "\n").map(String.init)
        #expect(lines == ["Order  Amount", "#4411  $12.00"])
    }

    @Test func hostileTablesStayBounded() {
        let deep = String(repeating: "<table><tr><td>", count: 5_000) + "x"
        #expect(HTMLToText.convert(deep).text.contains("x"))
        let wide = "<table><tr>" + String(repeating: "<td colspan=99999>c</td>", count: 2_000) + "</tr></table>"
        #expect(!HTMLToText.convert(wide).text.isEmpty)
    }
}
