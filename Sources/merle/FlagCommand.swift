import ArgumentParser
import Foundation
import MailStore

/// `merle flag ID... +FLAG|-FLAG`: change flags at once in the local store, offline
/// too; the change is journaled and reaches the server on the next sync.
struct FlagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flag", abstract: "Add (+FLAG) or remove (-FLAG) flags on messages; works offline.")

    @OptionGroup var global: GlobalOptions
    @Argument(parsing: .allUnrecognized, help: "Message ids (see `merle list`) followed by +FLAG or -FLAG: a system flag by name (seen, answered, flagged, deleted, draft, or \\Seen …) or a keyword such as $Label1, e.g. 12 13 +flagged -seen.")
    var items: [String]

    func run() throws {
        try runReportingFailure {
            var ids: [Int64] = []
            var add: [String] = []
            var remove: [String] = []
            for item in items {
                if let id = Int64(item) {
                    ids.append(id)
                } else if item.hasPrefix("+") || item.hasPrefix("-") {
                    // Checked before anything is stored or journaled.
                    let flag = try FlagName.parse(String(item.dropFirst()))
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
