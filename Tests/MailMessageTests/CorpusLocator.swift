import Foundation
import Testing

/// Finds the third-party test corpus relative to this file: the repository root is two
/// folders up from Tests/MailMessageTests, and the corpus is `Tests/Corpus` inside it.
enum CorpusLocator {
    static var corpusURL: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // MailMessageTests
            .deletingLastPathComponent()  // Tests
            .appendingPathComponent("Corpus")
    }

    /// The corpus folder, or a recorded failure saying where it was expected.
    static func requireCorpus(sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        let url = corpusURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return url
        }
        Issue.record("The test corpus is missing: expected it at \(url.path) (Tests/Corpus in the repository).", sourceLocation: sourceLocation)
        return nil
    }

    static func bytes(_ url: URL) -> [UInt8] {
        (try? Data(contentsOf: url)).map { [UInt8]($0) } ?? []
    }

    /// Every regular file under `folder`, sorted by path.
    static func files(under folder: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var result: [URL] = []
        for case let url as URL in enumerator {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { result.append(url) }
        }
        return result.sorted { $0.path < $1.path }
    }
}

/// Collects pass/fail per case for an oracle source and prints the rate.
struct OracleTally {
    let source: String
    var passed = 0
    var failures: [(name: String, reason: String)] = []

    init(source: String) { self.source = source }

    mutating func record(_ name: String, _ reason: String?) {
        if let reason { failures.append((name, reason)) } else { passed += 1 }
    }

    var total: Int { passed + failures.count }
    var rate: Double { total == 0 ? 0 : Double(passed) / Double(total) }

    func report() {
        print("ORACLE \(source): \(passed)/\(total) = \(String(format: "%.1f", rate * 100))%")
        for failure in failures {
            print("ORACLE-FAIL \(source) | \(failure.name) | \(failure.reason.replacingOccurrences(of: "\n", with: "\\n").prefix(300))")
        }
    }
}
