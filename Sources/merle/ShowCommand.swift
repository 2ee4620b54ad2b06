import ArgumentParser
import Foundation
import MailStore

/// `merle show ID` or `merle show --file PATH`: a message's raw bytes.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a message: raw bytes exactly as stored.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The message's local id (see `merle list`).") var id: Int64?
    @Option(help: "Read the message from this file (.eml) instead of the store.") var file: String?
    @Flag(help: "Print the raw bytes exactly as on the server (the default).") var raw = false

    func validate() throws {
        guard (id == nil) != (file == nil) else {
            throw ValidationError("give either a message id or --file PATH")
        }
    }

    func run() throws {
        try runReportingFailure {
            let bytes: Data
            if let file {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw ShowError("cannot read \(file); check the path and its permissions")
                }
                bytes = data
            } else if let id {
                let store = try global.openStore()
                _ = try store.message(id: id)
                guard let data = try store.rawMessage(id: id) else {
                    throw ShowError("message \(id) is not downloaded yet; run `merle sync` while online")
                }
                bytes = data
            } else {
                return
            }
            FileHandle.standardOutput.write(bytes)
        }
    }

    struct ShowError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
