import ArgumentParser
import Foundation
import MailMessage
import MailStore
import MailUI
import SyncEngine

/// `merle list FOLDER`: the newest messages of a folder, from the local store;
/// `merle list --search NAME`: those a saved search (`[[search]]`) finds, in every account.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the messages of a folder, or of a saved search, newest first.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The folder, e.g. INBOX.", completion: .custom(CompletionNames.folders)) var folder: String?
    @Option(help: "A saved search ([[search]] in the config) instead of a folder: its messages in every account (with --account, in that one).")
    var search: String?
    @Option(help: "The account, when several have the folder.", completion: .custom(CompletionNames.accounts)) var account: String?
    @Option(help: "How many messages at most.") var limit: Int = 50
    @Flag(help: "One JSON object per line.") var json = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        if folder != nil, search != nil { throw ValidationError("give a folder or --search NAME, not both") }
        if folder == nil, search == nil { throw ValidationError("give a folder (e.g. INBOX) or --search NAME") }
    }

    func run() throws {
        try runReportingFailure {
            if let search {
                let configuration = try global.loadConfiguration()
                guard let saved = configuration.search(named: search) else {
                    let names = configuration.searches.map(\.name)
                    throw ValidationError("there is no saved search \"\(search)\"; "
                                          + (names.isEmpty ? "add one as [[search]] with name and query to the config"
                                                           : "the config has \(names.map { "\"\($0)\"" }.joined(separator: ", "))"))
                }
                let store = try global.openStore(indexingFor: configuration)
                try StoreUpkeep.indexPending(store) { _ in }
                try SearchCommand.printMatches(saved.query, store: store, account: account, limit: limit, json: json)
                return
            }
            guard let folder else { return }
            let store = try global.openStore()
            let folderRecord = try store.folder(named: folder, account: account)
            let messages = try store.messages(inFolder: folderRecord.id!, limit: limit)
            let accountName = try store.accounts().first { $0.id == folderRecord.accountId }?.name ?? ""
            let days = DayFormatter()
            for message in messages {
                if json {
                    try JSONLines.write(MessageLine(message, folder: folderRecord.name, account: accountName))
                } else {
                    print(Self.textLine(message, days: days))
                }
            }
        }
    }

    static func textLine(_ message: MessageRecord, days: DayFormatter) -> String {
        let date = message.date.map { days.string($0) } ?? "          "
        let seen = message.has(.seen) ? " " : "N"
        let flagged = message.has(.flagged) ? "!" : " "
        let from = message.fromName.isEmpty ? message.fromAddress : message.fromName
        return "\(String(message.id ?? 0).leftPadded(6)) \(seen)\(flagged) \(date)  \(TerminalText.oneLine(from).padded(24))  \(TerminalText.oneLine(message.subject))"
    }

    /// The JSON shape of one message (the command-line contract).
    struct MessageLine: Encodable {
        var id: Int64
        var uid: Int64?
        var account: String
        var folder: String
        var flags: [String]
        var date: Date?
        var from: String
        var to: [String]
        var cc: [String]
        var subject: String
        var size: Int64
        var hasAttachment: Bool
        var messageId: String?

        /// `folder` and `account` name where the message is (as `merle list` takes them).
        init(_ message: MessageRecord, folder: String, account: String) {
            id = message.id ?? 0
            uid = message.uid
            self.account = account
            self.folder = folder
            flags = message.flagList
            date = message.date ?? message.internalDate
            from = message.fromName.isEmpty ? message.fromAddress : "\(message.fromName) <\(message.fromAddress)>"
            to = Self.addresses(message.toAddresses)
            cc = Self.addresses(message.ccAddresses)
            subject = message.subject
            size = message.size
            hasAttachment = message.hasAttachment
            messageId = message.headerMessageId
        }

        /// The stored address list, one entry per address. The store keeps it as displayed
        /// (`Name <a@b>, c@d`), without the quotes that protected a comma in a name, so
        /// `Doe, John <j@x>` parses as a bare `Doe` and `John <j@x>`: a bare word without
        /// `@` before a named address is put back in front of that name.
        static func addresses(_ stored: String) -> [String] {
            var result: [String] = []
            var nameParts: [String] = []
            for address in AddressParser.parseList(stored).addresses {
                let named = !(address.name ?? "").isEmpty
                if !named, !address.mailbox.contains("@") {
                    nameParts.append(address.mailbox)
                } else if named, !nameParts.isEmpty {
                    result.append(Address(name: (nameParts + [address.name ?? ""]).joined(separator: ", "), mailbox: address.mailbox).displayString)
                    nameParts = []
                } else {
                    result += nameParts
                    nameParts = []
                    result.append(address.displayString)
                }
            }
            return result + nameParts
        }

        enum CodingKeys: String, CodingKey {
            case id, uid, account, folder, flags, date, from, to, cc, subject, size
            case hasAttachment = "has_attachment"
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
