import ArgumentParser
import Foundation
import MailStore

/// `merle move ID... FOLDER [--copy]`: move (or copy) messages to another folder of
/// their account, at once in the local store and offline too; the server follows on the
/// next sync.
struct MoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move", abstract: "Move (or with --copy, copy) messages to a folder; works offline.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Copy instead of moving.") var copy = false
    @Argument(help: "Message ids (see `merle list`) followed by the target folder's name.", completion: .custom(CompletionNames.folders))
    var items: [String]

    func run() throws {
        try runReportingFailure {
            guard items.count >= 2, let folder = items.last else {
                throw ValidationError("give message ids and then the target folder, e.g. `merle move 12 13 Archive`")
            }
            let ids = try MessageIds.parse(items.dropLast())
            let store = try global.openStore()
            if copy {
                let copies = try store.copyMessages(ids: ids, to: folder)
                print("Copied \(copies.count) message\(copies.count == 1 ? "" : "s") to \(TerminalText.oneLine(folder)) "
                      + "(new ids \(copies.map(String.init).joined(separator: " "))); the server follows on the next `merle sync`.")
            } else {
                let moved = try store.moveMessages(ids: ids, to: folder)
                print("Moved \(moved) message\(moved == 1 ? "" : "s") to \(TerminalText.oneLine(folder)); the server follows on the next `merle sync`.")
            }
        }
    }
}

/// Message ids given on the command line.
enum MessageIds {
    static func parse<S: Sequence>(_ items: S) throws -> [Int64] where S.Element == String {
        try items.map { item in
            guard let id = Int64(item), id > 0 else { throw ValidationError("\"\(item)\" is not a message id (see `merle list`)") }
            return id
        }
    }
}
