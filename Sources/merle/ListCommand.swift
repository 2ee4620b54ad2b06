import ArgumentParser
import Foundation
import MailStore

/// `merle list FOLDER`: the newest messages of a folder, from the local store.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the messages of a folder, newest first.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The folder, e.g. INBOX.") var folder: String
    @Option(help: "The account, when several have the folder.") var account: String?
    @Option(help: "How many messages at most.") var limit: Int = 50
    @Flag(help: "One JSON object per line.") var json = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        try runReportingFailure {
            let store = try global.openStore()
            let folderRecord = try store.folder(named: folder, account: account)
            let messages = try store.messages(inFolder: folderRecord.id!, limit: limit)
            for message in messages {
                if json {
                    try JSONLines.write(MessageLine(message))
                } else {
                    print(Self.textLine(message))
                }
            }
        }
    }

    static func textLine(_ message: MessageRecord) -> String {
        let date = message.date.map { Self.shortDate($0) } ?? "          "
        let seen = message.hasFlag("\\Seen") ? " " : "N"
        let flagged = message.hasFlag("\\Flagged") ? "!" : " "
        let from = message.fromName.isEmpty ? message.fromAddress : message.fromName
        return "\(String(message.id ?? 0).leftPadded(6)) \(seen)\(flagged) \(date)  \(TerminalText.oneLine(from).padded(24))  \(TerminalText.oneLine(message.subject))"
    }

    static func shortDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    /// The JSON shape of one message (the command-line contract).
    struct MessageLine: Encodable {
        var id: Int64
        var uid: Int64?
        var flags: [String]
        var date: Date?
        var from: String
        var subject: String
        var size: Int64
        var messageId: String?

        init(_ message: MessageRecord) {
            id = message.id ?? 0
            uid = message.uid
            flags = message.flagList
            date = message.date ?? message.internalDate
            from = message.fromName.isEmpty ? message.fromAddress : "\(message.fromName) <\(message.fromAddress)>"
            subject = message.subject
            size = message.size
            messageId = message.headerMessageId
        }

        enum CodingKeys: String, CodingKey {
            case id, uid, flags, date, from, subject, size
            case messageId = "message_id"
        }
    }
}

extension String {
    /// Pads or cuts to `width` characters.
    func padded(_ width: Int) -> String {
        count >= width ? String(prefix(width)) : self + String(repeating: " ", count: width - count)
    }

    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
