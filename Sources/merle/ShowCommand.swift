import ArgumentParser
import Foundation
import MailMessage
import MailStore

/// `merle show ID` or `merle show --file PATH`: a message's raw bytes, or its
/// rendered text (headers, body, attachment and link lists), safe for a terminal.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a message: raw bytes exactly as stored, or rendered text.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The message's local id (see `merle list`).") var id: Int64?
    @Option(help: "Read the message from this file (.eml) instead of the store.") var file: String?
    @Flag(help: "Print the raw bytes exactly as on the server (the default).") var raw = false
    @Flag(help: "Print the rendered text: chosen headers, the body, attachments and links.") var text = false

    func validate() throws {
        guard (id == nil) != (file == nil) else {
            throw ValidationError("give either a message id or --file PATH")
        }
        guard !(raw && text) else { throw ValidationError("choose --raw or --text, not both") }
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
            if text {
                let rendered = MessageRenderer().render(MessageParser.parse([UInt8](bytes)))
                FileHandle.standardOutput.write(Data((rendered.fullText + "\n").utf8))
            } else {
                FileHandle.standardOutput.write(bytes)
            }
        }
    }

    struct ShowError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
