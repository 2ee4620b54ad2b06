import Foundation
import MailMessage

/// Measures the message model: parse + render throughput over a folder of message
/// files, and the cost of rendering one file (run under /usr/bin/time for its RSS).
///
///   merle-bench parse-dir DIR [ROUNDS]
///   merle-bench render-file FILE
///   merle-bench tui-seed DIR N     (the reader's benchmark: a store of N messages)
///   merle-bench tui-run DIR        (times the reader on it, in a fresh process)
@main
enum MerleBench {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        switch arguments.first {
        case "parse-dir":
            guard arguments.count >= 2 else { usage() }
            let rounds = arguments.count > 2 ? Int(arguments[arguments.startIndex + 2]) ?? 1 : 1
            try parseDirectory(arguments[arguments.startIndex + 1], rounds: rounds)
        case "render-file":
            guard arguments.count == 2 else { usage() }
            try renderFile(arguments[arguments.startIndex + 1])
        case "tui-seed":
            guard arguments.count == 3, let count = Int(arguments[arguments.startIndex + 2]) else { usage() }
            try TUIBenchmark.seed(dataDirectory: arguments[arguments.startIndex + 1], messages: count)
        case "tui-run":
            guard arguments.count == 2 else { usage() }
            try TUIBenchmark.report(dataDirectory: arguments[arguments.startIndex + 1])
        default:
            usage()
        }
    }

    static func usage() -> Never {
        FileHandle.standardError.write(Data("usage: merle-bench parse-dir DIR [ROUNDS] | render-file FILE | tui-seed DIR N | tui-run DIR\n".utf8))
        exit(2)
    }

    /// Every regular file under `path` that looks like a message (not an oracle or a note).
    static func messageFiles(under path: String) -> [String] {
        let skipped = ["json", "xml", "md", "py", "sh"]
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return [] }
        var files: [String] = []
        while let name = enumerator.nextObject() as? String {
            let full = (path as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                  !skipped.contains((name as NSString).pathExtension.lowercased()),
                  !name.hasSuffix("SOURCE.md") else { continue }
            files.append(full)
        }
        return files.sorted()
    }

    static func parseDirectory(_ path: String, rounds: Int) throws {
        let files = messageFiles(under: path)
        let contents = files.compactMap { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } }
        let bytes = contents.reduce(0) { $0 + $1.count }
        var characters = 0
        let renderer = MessageRenderer()
        let start = Date()
        for _ in 0..<max(1, rounds) {
            for message in contents {
                let rendered = renderer.render(MessageParser.parse(message))
                characters += rendered.bodyText.utf8.count
            }
        }
        let seconds = Date().timeIntervalSince(start)
        let megabytes = Double(bytes * max(1, rounds)) / 1_000_000
        print(String(format: "%d messages, %.1f MB x %d rounds: %.2f s, %.1f MB/s, %.0f messages/s (rendered %d bytes of text)",
                     contents.count, Double(bytes) / 1_000_000, max(1, rounds), seconds, megabytes / seconds,
                     Double(contents.count * max(1, rounds)) / seconds, characters))
    }

    /// Renders a message file as `merle show --file` does: parsed from the file a window
    /// at a time, never read whole.
    static func renderFile(_ path: String) throws {
        let file = try MessageFile(path: path)
        let start = Date()
        let rendered = MessageRenderer().render(MIMEMessage(file: file))
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "%.1f MB message rendered in %.2f s: %d bytes of text, %d attachments",
                     Double(file.count) / 1_000_000, seconds, rendered.bodyText.utf8.count, rendered.attachments.count))
    }
}
