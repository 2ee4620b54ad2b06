import Foundation
import MailMessage
import MailStore

/// `merle export`: a folder's messages into a Maildir or an mbox, in the server's order,
/// with LF line ends (as Unix mail programs keep them), their flags (Maildir info
/// letters; mbox Status and X-Status lines, see `MboxStatus`) and their arrival time (a
/// Maildir file's modification time; the mbox `From ` line's date). With `merle import`
/// it gives back exactly the bytes and flags that went in.
///
/// Nothing is written over: an mbox must not exist (it appears whole, or not at all), and
/// a Maildir's files take new names, each linked into `cur/` only if no file has it.
public struct MailExporter {
    public enum Target: Sendable {
        case maildir(String)
        case mbox(String, quoting: MboxQuoting)
    }

    /// What an export did.
    public struct Summary: Sendable, Equatable {
        public var exported = 0
        /// Keywords the target cannot hold (everything but the system flags; and
        /// `$Forwarded`, which a Maildir keeps as P), with how many messages had each.
        public var keywordsLeftOut: [String: Int] = [:]
    }

    public let store: MailStore
    public var progress: (SyncProgress) -> Void = { _ in }
    /// The time zone of the `From ` lines written (ctime writes local time).
    public var timeZone = TimeZone.current

    public init(store: MailStore) {
        self.store = store
    }

    /// Writes every message of `folder`. Fails before writing anything when some message's
    /// bytes are not in the store.
    public func run(_ folder: FolderRecord, to target: Target) throws -> Summary {
        let missing = try store.messagesWithoutBytes(folderId: folder.id!)
        guard missing == 0 else { throw TransferError.notDownloaded(folder: folder.name, count: missing) }
        let messages = try store.messagesForExport(folderId: folder.id!)
        var summary = Summary()
        var maildir: MaildirWriter?
        var mbox: MboxWriter?
        switch target {
        case let .maildir(path): maildir = try MaildirWriter(path: path)
        case let .mbox(path, quoting): mbox = try MboxWriter(path: path, quoting: quoting, timeZone: timeZone)
        }
        defer { mbox?.abandon() }
        let kept = Set((MaildirFlags.letters.map(\.flag) + ["\\Recent"]).map { $0.lowercased() })
        for (index, message) in messages.enumerated() {
            guard let raw = try store.rawMessage(id: message.id!) else {
                throw TransferError.notDownloaded(folder: folder.name, count: 1)
            }
            let bytes = LineEndings.lf([UInt8](raw))
            let flags = message.flagList.filter { $0.caseInsensitiveCompare("\\Recent") != .orderedSame }
            let date = message.internalDate ?? message.date
            var leftOut = flags.filter { !kept.contains($0.lowercased()) }
            if maildir != nil {
                try maildir!.deliver(bytes, flags: flags, date: date)
            } else {
                try mbox!.write(MboxStatus.stamped(bytes, flags: flags), from: FromLine(sender: Self.sender(bytes), date: date))
                leftOut += flags.filter { $0.caseInsensitiveCompare("$Forwarded") == .orderedSame }
            }
            for keyword in leftOut { summary.keywordsLeftOut[keyword, default: 0] += 1 }
            summary.exported += 1
            if (index + 1) % 100 == 0 || index + 1 == messages.count {
                progress(SyncProgress(account: nil, step: .exporting(folder: folder.name), done: index + 1, total: messages.count))
            }
        }
        try mbox?.finish()
        return summary
    }

    /// The `From ` line's sender, as mutt writes it: Return-Path, else Sender, else From,
    /// else MAILER-DAEMON; one word, as the line needs.
    static func sender(_ message: [UInt8]) -> String {
        let header = MessageParser.parse(Array(message[..<MboxStatus.headerEnd(message)]))
        let returnPath = header.header("Return-Path").map { AddressParser.parseList($0.value).addresses.first?.mailbox ?? "" }
        let candidates = [returnPath, header.sender.addresses.first?.mailbox, header.from.addresses.first?.mailbox]
        let found = candidates.compactMap { $0 }.first { !$0.isEmpty && !$0.contains(where: { $0.isWhitespace || $0.isNewline }) }
        return found ?? "MAILER-DAEMON"
    }
}
