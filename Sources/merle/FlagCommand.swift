import ArgumentParser
import Foundation
import MailStore

/// `merle flag ID... +FLAG|-FLAG`: change flags at once in the local store, offline
/// too; the change is journaled and reaches the server on the next sync.
struct FlagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flag", abstract: "Add (+FLAG) or remove (-FLAG) flags on messages; works offline.")

    @OptionGroup var global: GlobalOptions
    @Argument(parsing: .allUnrecognized, help: "Message ids (see `merle list`) followed by +FLAG or -FLAG, e.g. 12 13 +\\\\Flagged -\\\\Seen.")
    var items: [String]

    /// IMAP flags are atoms (RFC 9051 §9 flag-keyword); `\` only as the system-flag prefix.
    static func isValidFlag(_ flag: String) -> Bool {
        let body = flag.hasPrefix("\\") ? flag.dropFirst() : Substring(flag)
        return !body.isEmpty && body.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value < 0x7F && !"(){%*\"\\]".unicodeScalars.contains(scalar)
        }
    }

    func run() throws {
        try runReportingFailure {
            var ids: [Int64] = []
            var add: [String] = []
            var remove: [String] = []
            for item in items {
                if let id = Int64(item) {
                    ids.append(id)
                } else if item.hasPrefix("+") || item.hasPrefix("-") {
                    let flag = String(item.dropFirst())
                    guard Self.isValidFlag(flag) else {
                        throw ValidationError("\"\(flag)\" is not a valid IMAP flag; use e.g. \\Seen, \\Flagged or a keyword like $Label1")
                    }
                    if item.hasPrefix("+") { add.append(flag) } else { remove.append(flag) }
                } else {
                    throw ValidationError("\"\(item)\" is neither a message id nor +FLAG / -FLAG")
                }
            }
            guard !ids.isEmpty, !(add.isEmpty && remove.isEmpty) else {
                throw ValidationError("give message ids and at least one +FLAG or -FLAG")
            }
            let changed = try global.openStore().changeFlags(messageIds: ids, add: add, remove: remove)
            print("Changed \(changed) message\(changed == 1 ? "" : "s"); the server is updated on the next `merle sync`.")
        }
    }
}
