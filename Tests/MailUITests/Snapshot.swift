import Foundation
import Terminal
import Testing

/// Text snapshots kept next to the tests in `__Snapshots__`. A missing snapshot, or any
/// run with `MERLE_RECORD_SNAPSHOTS=1`, writes the current screen; a test that recorded
/// still fails, so a snapshot is never accepted without a look.
enum Snapshot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")

    static func text(of screen: TextGridScreen) -> String {
        // A frame shows the exact width, trailing spaces and all.
        let border = "+" + String(repeating: "-", count: screen.size.columns) + "+"
        var lines = [border]
        for row in 0..<screen.size.rows { lines.append("|" + screen.line(row) + "|") }
        lines.append(border)
        return lines.joined(separator: "\n") + "\n"
    }

    static func check(_ screen: TextGridScreen, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = text(of: screen)
        let file = folder.appendingPathComponent(name + ".txt")
        let record = ProcessInfo.processInfo.environment["MERLE_RECORD_SNAPSHOTS"] == "1"
        guard !record, let expected = try? String(contentsOf: file, encoding: .utf8) else {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try? actual.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("recorded snapshot \(name); check it and run again without MERLE_RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "snapshot \(name) differs:\n\(actual)", sourceLocation: sourceLocation)
    }
}
