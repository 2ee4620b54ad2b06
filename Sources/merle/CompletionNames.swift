import Foundation
import MailStore
import MerleConfig

/// What the shells complete from the store (argument-parser's `CompletionKind.custom`:
/// on Tab the completion script runs `merle ---completion …` with the words typed so
/// far). The store is the one the typed command line points at (`--data-dir`, else
/// `$MERLE_DATA_DIR`, else the default), opened read-only; any failure completes nothing.
enum CompletionNames {
    /// Folder names, e.g. for `merle list <Tab>`.
    @Sendable static func folders(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        MailStore.completionNames(storeAt: storePath(words), folders: true).filter { $0.hasPrefix(unquoted(prefix)) }
    }

    /// Account names, e.g. for `merle sync --account <Tab>`.
    @Sendable static func accounts(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        MailStore.completionNames(storeAt: storePath(words), folders: false).filter { $0.hasPrefix(unquoted(prefix)) }
    }

    /// The store file of the data folder named in `words` (as `--data-dir D` or `--data-dir=D`).
    static func storePath(_ words: [String]) -> String {
        var option: String?
        for (index, word) in words.enumerated() {
            if word == "--data-dir", index + 1 < words.count {
                option = unquoted(words[index + 1])
            } else if word.hasPrefix("--data-dir=") {
                option = unquoted(String(word.dropFirst("--data-dir=".count)))
            }
        }
        return MailStore.defaultPath(dataDirectory: ConfigPaths.dataDirectory(option: option))
    }

    /// A shell word as typed, without the quotes or backslashes that only protect it.
    static func unquoted(_ word: String) -> String {
        if word.count >= 2, let first = word.first, first == word.last, first == "'" || first == "\"" {
            return String(word.dropFirst().dropLast())
        }
        if word.first == "'" || word.first == "\"" { return String(word.dropFirst()) }
        return word.replacingOccurrences(of: "\\ ", with: " ")
    }
}
