import ArgumentParser
import Foundation
import MailMessage
import MailStore

/// `merle save ID... PATH`: messages to a file, never over an existing one: one message
/// to a new `.eml` file as it is, or appended to an mbox file (mboxrd), created when
/// missing. A folder gets a new `.eml` named after the subject.
struct SaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save", abstract: "Save messages to a new .eml file or append them to an mbox file (never overwriting).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Message ids (see `merle list`), then the file: NAME.eml (one message), an mbox file to append to or create, or a folder.")
    var items: [String] = []

    func run() throws {
        try runReportingFailure {
            guard items.count >= 2, let path = items.last else {
                throw ValidationError("give message ids and then a file, e.g. `merle save 12 13 ~/saved.mbox` or `merle save 12 note.eml`")
            }
            let ids = try items.dropLast().map { item -> Int64 in
                guard let id = Int64(item), id > 0 else { throw ValidationError("\"\(item)\" is not a message id (see `merle list`)") }
                return id
            }
            let store = try global.openStore()
            let messages = try ids.map { id -> MessageSaver.Message in
                guard let message = try store.messageToSave(id: id) else {
                    throw SaveError("message \(id) is not downloaded yet; run `merle sync` while online")
                }
                return message
            }
            switch try MessageSaver.save(messages, to: path) {
            case let .eml(written):
                print("Saved message \(ids[0]) to \(written).")
            case let .mbox(written, created, count):
                print("\(created ? "Wrote" : "Appended") \(count) message\(count == 1 ? "" : "s") to the mbox file \(written).")
            }
        }
    }

    typealias SaveError = CommandError
}
