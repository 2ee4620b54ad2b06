import Foundation

/// Finds where a table or key stands in TOML source text, so a problem found after
/// parsing (an unknown key, a wrong value) can be reported with a line and column.
///
/// It scans lines the way a reader would: `[table]` and `[[array]]` headers set the
/// current table, `key =` lines define keys. Multi-line strings are skipped.
struct TOMLLocator {
    /// A place in the file, 1-based.
    struct Position: Equatable {
        var line: Int
        var column: Int
    }

    private var keys: [String: Position] = [:]
    private var tables: [String: Position] = [:]

    /// Paths look like `account[0].imap.port` and `account[0].identity[1].email`: array-of-table
    /// headers are numbered, a nested one within its parent.
    init(source: String) {
        var arrayCounts: [String: Int] = [:]
        var current = ""
        var inMultiline: String?
        for (offset, rawLine) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let line = String(rawLine)
            if let delimiter = inMultiline {
                if line.contains(delimiter) { inMultiline = nil }
                continue
            }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            let column = line.count - trimmed.count + 1
            if trimmed.hasPrefix("[[") {
                // `[[account.identity]]` is numbered within its account: account[1].identity[0].
                let name = Self.headerName(trimmed.dropFirst(2))
                var parts = name.split(separator: ".").map(String.init)
                let last = parts.removeLast()
                let parent = Self.qualify(parts.joined(separator: "."), arrayCounts: arrayCounts)
                let array = parent.isEmpty ? last : "\(parent).\(last)"
                let index = arrayCounts[array, default: 0]
                arrayCounts[array] = index + 1
                current = "\(array)[\(index)]"
                tables[current] = Position(line: lineNumber, column: column)
            } else if trimmed.hasPrefix("[") {
                let name = Self.headerName(trimmed.dropFirst())
                current = Self.qualify(name, arrayCounts: arrayCounts)
                tables[current] = Position(line: lineNumber, column: column)
            } else if let equals = trimmed.firstIndex(of: "="), !trimmed.hasPrefix("#") {
                let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
                    .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                let path = current.isEmpty ? key : "\(current).\(key)"
                if keys[path] == nil { keys[path] = Position(line: lineNumber, column: column) }
                let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                for delimiter in ["\"\"\"", "'''"] where value.hasPrefix(delimiter) {
                    if value.dropFirst(3).range(of: delimiter) == nil { inMultiline = delimiter }
                }
            }
        }
    }

    /// Where `path` is defined: the key's line, else its table's header, else its parent's.
    func position(of path: String) -> Position? {
        if let position = keys[path] ?? tables[path] { return position }
        guard let dot = path.lastIndex(of: ".") else { return nil }
        return position(of: String(path[..<dot]))
    }

    private static func headerName(_ text: Substring) -> String {
        let name = text.prefix { $0 != "]" }
        return name.split(separator: ".").map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }.joined(separator: ".")
    }

    /// `account.imap` under the latest `[[account]]` becomes `account[N].imap`.
    private static func qualify(_ name: String, arrayCounts: [String: Int]) -> String {
        guard !name.isEmpty else { return "" }
        let parts = name.split(separator: ".").map(String.init)
        var result: [String] = []
        var prefix = ""
        for part in parts {
            prefix = prefix.isEmpty ? part : "\(prefix).\(part)"
            if let count = arrayCounts[prefix] {
                result.append("\(part)[\(count - 1)]")
            } else {
                result.append(part)
            }
        }
        return result.joined(separator: ".")
    }
}
