import Foundation
import TOMLKit

/// Typed access to TOML tables that turns every mismatch into a located `ConfigError`.
struct TableReader {
    let file: String
    let locator: TOMLLocator

    func error(_ path: String, problem: String, fix: String? = nil) -> ConfigError {
        let position = locator.position(of: path)
        return ConfigError(file: file, line: position?.line, column: position?.column, problem: problem, fix: fix)
    }

    /// Rejects keys the table does not know, suggesting the closest known one.
    func checkKeys(_ table: TOMLTable, path: String, allowed: [String]) throws {
        for key in table.keys where !allowed.contains(key) {
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            let place = path.isEmpty ? "at the top level" : "in [\(Self.displayName(path))]"
            let suggestion = Self.closest(to: key, in: allowed).map { "did you mean `\($0)`? " } ?? ""
            throw error(keyPath, problem: "unknown key `\(key)` \(place)",
                        fix: "\(suggestion)known keys: \(allowed.joined(separator: ", "))")
        }
    }

    func string(_ table: TOMLTable, _ key: String, path: String) throws -> String? {
        try value(table, key, path: path, \.string, mustBe: "a string", fix: "put the value in double quotes: \(key) = \"…\"")
    }

    func integer(_ table: TOMLTable, _ key: String, path: String) throws -> Int? {
        try value(table, key, path: path, \.int, mustBe: "a whole number", fix: "write \(key) = 10 (no quotes)")
    }

    func bool(_ table: TOMLTable, _ key: String, path: String) throws -> Bool? {
        try value(table, key, path: path, \.bool, mustBe: "true or false", fix: "write \(key) = true or \(key) = false (no quotes)")
    }

    /// The value of `key` as `read` gives it; nil when absent, an error saying what it
    /// must be when it is of another type.
    private func value<Value>(_ table: TOMLTable, _ key: String, path: String, _ read: (any TOMLValueConvertible) -> Value?,
                              mustBe kind: String, fix: String) throws -> Value? {
        guard let value = table[key] else { return nil }
        guard let typed = read(value) else {
            throw error("\(path).\(key)", problem: "`\(key)` must be \(kind), not \(value.type)", fix: fix)
        }
        return typed
    }

    func requiredString(_ table: TOMLTable, _ key: String, path: String, example: String) throws -> String {
        guard let text = try string(table, key, path: path) else {
            throw error(path, problem: "[\(Self.displayName(path))] has no `\(key)`", fix: "add \(example)")
        }
        return text
    }

    func table(_ table: TOMLTable, _ key: String, path: String) throws -> TOMLTable? {
        guard let value = table[key] else { return nil }
        guard let nested = value.table else {
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            throw error(keyPath, problem: "`\(key)` must be a table", fix: "write it as a [\(Self.displayName(keyPath))] section")
        }
        return nested
    }

    /// `account[0].imap` is shown as `account.imap`, the way the user wrote the header.
    static func displayName(_ path: String) -> String {
        path.replacingOccurrences(of: #"\[\d+\]"#, with: "", options: .regularExpression)
    }

    /// The allowed key within edit distance 2 of `key`, if any.
    static func closest(to key: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(key.lowercased(), $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 || best.0.hasPrefix(key.lowercased()) else { return nil }
        return best.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
