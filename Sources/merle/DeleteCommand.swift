import ArgumentParser
import Foundation
import MailStore

/// `merle delete ID... [--expunge]`: to Trash (for good when already there, or with
/// `--expunge`); `merle archive ID...`: to the Archive folder. Offline too.
struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Move messages to Trash, or remove them for good; works offline.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Remove for good instead of moving to Trash.") var expunge = false
    @Argument(help: "Message ids (see `merle list`).") var ids: [String]

    func run() throws {
        try runReportingFailure {
            let ids = try MessageIds.parse(ids)
            guard !ids.isEmpty else { throw ValidationError("give the ids of the messages to delete") }
            let store = try global.openStore()
            var outcome = MailStore.DeleteOutcome()
            if expunge {
                outcome.expunged = try store.expungeMessages(ids: ids)
            } else {
                outcome = try store.deleteMessages(ids: ids)
            }
            var parts: [String] = []
            if outcome.movedToTrash > 0 { parts.append("moved \(outcome.movedToTrash) to Trash") }
            if outcome.expunged > 0 { parts.append("removed \(outcome.expunged) for good") }
            print((parts.isEmpty ? "Nothing changed" : parts.joined(separator: ", ").capitalizedFirst) + "; the server follows on the next `merle sync`.")
        }
    }
}

struct ArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive", abstract: "Move messages to the Archive folder; works offline.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Message ids (see `merle list`).") var ids: [String]

    func run() throws {
        try runReportingFailure {
            let ids = try MessageIds.parse(ids)
            guard !ids.isEmpty else { throw ValidationError("give the ids of the messages to archive") }
            let moved = try global.openStore().archiveMessages(ids: ids)
            print("Archived \(moved) message\(moved == 1 ? "" : "s"); the server follows on the next `merle sync`.")
        }
    }
}

extension String {
    /// The string with its first letter in upper case.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
