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
            if let file {
                try show(MessageFile(path: file))
                return
            }
            guard let id else { return }
            let store = try global.openStore()
            _ = try store.message(id: id)
            let notDownloaded = ShowError("message \(id) is not downloaded yet; run `merle sync` while online")
            // Out of the store a piece at a time, as from a file: a big message is never held whole.
            if text {
                guard let file = try store.rawMessageFile(id: id) else { throw notDownloaded }
                try show(file)
            } else {
                let found = try store.forEachRawPiece(id: id) { FileHandle.standardOutput.write(Data($0)) }
                guard found else { throw notDownloaded }
            }
        }
    }

    /// A message file is never read whole: rendering parses it a window at a time, and
    /// the raw bytes are copied through in pieces.
    private func show(_ file: MessageFile) throws {
        if text {
            let rendered = MessageRenderer().render(MIMEMessage(file: file))
            FileHandle.standardOutput.write(Data((rendered.fullText + "\n").utf8))
            return
        }
        let piece = 1 << 20
        var offset = 0
        while offset < file.count {
            let bytes = file.read(offset..<min(file.count, offset + piece))
            guard !bytes.isEmpty else { throw ShowError("\(file.path) ended early while reading it; was it changed meanwhile?") }
            FileHandle.standardOutput.write(Data(bytes))
            offset += bytes.count
        }
    }

    struct ShowError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
