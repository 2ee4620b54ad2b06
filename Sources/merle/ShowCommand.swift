import ArgumentParser
import Foundation
import MailCrypto
import MailMessage
import MailStore
import MailUI
import MerleConfig

/// `merle show ID` or `merle show --file PATH`: a message's raw bytes, its rendered text
/// (headers, body, attachment and link lists) safe for a terminal, its part tree, or one
/// part's decoded bytes.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a message: raw bytes exactly as stored, rendered text, its parts, or one part.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The message's local id (see `merle list`).") var id: Int64?
    @Option(help: "Read the message from this file (.eml) instead of the store.") var file: String?
    @Flag(help: "Print the raw bytes exactly as on the server (the default).") var raw = false
    @Flag(help: "Print the rendered text: chosen headers, the body, attachments and links.") var text = false
    @Flag(help: "List the parts: number, type, charset, file name, disposition, decoded size, content-id, and what a signature or encryption on it says.") var parts = false
    @Flag(help: "With --parts: one JSON object per line.") var json = false
    @Option(help: "Write the decoded bytes of part N (numbered as --parts and the attachment lists show).") var part: Int?
    @Option(help: "With --part: write to this file, which must not exist yet, instead of standard output.") var output: String?

    func validate() throws {
        guard (id == nil) != (file == nil) else {
            throw ValidationError("give either a message id or --file PATH")
        }
        let modes = [raw, text, parts, part != nil].filter { $0 }.count
        guard modes <= 1 else { throw ValidationError("choose one of --raw, --text, --parts and --part N") }
        guard !json || parts else { throw ValidationError("--json goes with --parts") }
        guard output == nil || part != nil else { throw ValidationError("--output goes with --part N") }
        if let part, part < 1 { throw ValidationError("part numbers start at 1; `merle show … --parts` lists them") }
    }

    func run() throws {
        try runReportingFailure {
            if let file {
                let messageFile = try MessageFile(path: file)
                if let kind = MessageFileKind.nonMessageKind(messageFile.read(0..<min(messageFile.count, 4_096))) {
                    throw ShowError("\(file) looks like \(kind), not a mail message; give a message file (.eml, as saved by a mail program)")
                }
                try show(messageFile, renderer: try renderer(account: nil))
                return
            }
            guard let id else { return }
            let store = try global.openStore()
            _ = try store.message(id: id)
            let notDownloaded = ShowError("message \(id) is not downloaded yet; run `merle sync` while online")
            // Out of the store a piece at a time, as from a file: a big message is never held whole.
            if text || parts || part != nil {
                guard let file = try store.rawMessageFile(id: id) else { throw notDownloaded }
                try show(file, renderer: try renderer(account: try store.messagePlace(id: id)?.account))
            } else {
                let found = try store.forEachRawPiece(id: id) { FileHandle.standardOutput.write(Data($0)) }
                guard found else { throw notDownloaded }
            }
        }
    }

    /// A message file is never read whole: rendering parses it a window at a time, and
    /// the raw bytes are copied through in pieces.
    private func show(_ file: MessageFile, renderer: MessageRenderer) throws {
        if text {
            let rendered = renderer.render(MIMEMessage(file: file))
            FileHandle.standardOutput.write(Data((rendered.fullText + "\n").utf8))
            return
        }
        if parts {
            let message = MIMEMessage(file: file)
            try listParts(message, rendered: renderer.render(message))
            return
        }
        if let part {
            try writePart(part, of: MIMEMessage(file: file), renderer: renderer)
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

    /// The renderer `--text` and `--parts` use: the user's GnuPG (`$GNUPGHOME`, else
    /// ~/.gnupg) and the config's S/MIME key to check signatures and decrypt, and the
    /// config's `html_viewer` (the account's, else the general one) when there is a
    /// config, else the built-in converter.
    private func renderer(account: String?) throws -> MessageRenderer {
        guard FileManager.default.fileExists(atPath: global.resolvedConfigPath) else { return MessageRenderer(cryptography: MailCryptography()) }
        let configuration = try global.loadConfiguration()
        let cryptography = MailCryptography(settings: configuration.general)
        guard text else { return MessageRenderer(cryptography: cryptography) }
        let viewer = account.flatMap { configuration.account(named: $0)?.htmlViewer } ?? configuration.general.htmlViewer
        return MessageRenderer(htmlConverter: viewer.converter(), cryptography: cryptography)
    }

    typealias ShowError = CommandError
}
