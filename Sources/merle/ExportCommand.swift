import ArgumentParser
import Foundation
import MailStore
import MerleConfig
import SyncEngine

/// `merle export FOLDER --mbox FILE | --maildir DIR`: a folder's mail into files.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a folder's messages to an mbox or a Maildir, with their flags; nothing is written over.",
        discussion: """
            Messages keep their bytes (with LF line ends), their flags (Maildir :2, letters; mbox Status: and \
            X-Status: lines, changed only where they no longer say the message's flags) and their arrival time \
            (file modification time; From line). An mbox must not exist yet; a Maildir may, and its files stay. \
            Messages of an IMAP folder whose bodies are still on the server are downloaded first.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The folder, e.g. INBOX.", completion: .custom(CompletionNames.folders)) var folder: String
    @Option(help: "Write an mbox (mboxrd) to this file, which must not exist yet.", completion: .file()) var mbox: String?
    @Option(help: "Write into this Maildir (created when missing).", completion: .directory) var maildir: String?
    @Option(help: "The account, when several have the folder.", completion: .custom(CompletionNames.accounts)) var account: String?
    @Option(help: "With --mbox: how From lines in messages are quoted, mboxrd (the default: every message comes back exactly) or mboxo (mutt's).") var quoting: MboxQuoting = .mboxrd

    func validate() throws {
        guard (mbox == nil) != (maildir == nil) else { throw ValidationError("give one of --mbox FILE and --maildir DIR") }
    }

    func run() throws {
        try runReportingFailure {
            let store = try global.openStore()
            var folderRecord = try store.folder(named: folder, account: account)
            if try store.messagesWithoutBytes(folderId: folderRecord.id!) > 0 {
                try downloadBodies(of: folderRecord, store: store)
                folderRecord = try store.folder(named: folder, account: account)
            }
            if let mbox, FileManager.default.fileExists(atPath: mbox) { throw TransferError.exists(mbox) }
            var exporter = MailExporter(store: store)
            exporter.progress = { Progress.show($0.text + " " + $0.bar(width: 20)) }
            let summary = try exporter.run(folderRecord, to: mbox.map { .mbox($0, quoting: quoting) } ?? .maildir(maildir!))
            Progress.finish()
            print("Exported \(summary.exported) message\(summary.exported == 1 ? "" : "s") of \(TerminalText.oneLine(folderRecord.name)) to \(mbox ?? maildir!).")
            if !summary.keywordsLeftOut.isEmpty {
                let words = summary.keywordsLeftOut.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
                printWarning("\(mbox == nil ? "a Maildir" : "an mbox") cannot hold these keywords, which were left out: \(words)")
            }
        }
    }

    /// An IMAP folder whose bodies stay on the server (`bodies = "on-demand"` or `"recent:DAYS"`):
    /// one sync of it with every body downloaded.
    private func downloadBodies(of folder: FolderRecord, store: MailStore) throws {
        guard let owner = try store.accounts().first(where: { $0.id == folder.accountId }), owner.kind == .imap,
              let configuration = try? global.loadConfiguration(), let account = configuration.account(named: owner.name) else { return }
        var options = IMAPSyncOptions(bodies: .all)
        options.folders = [folder.name]
        let mirror = try IMAPMirror(store: store, account: account, options: options) { event in
            if case let .bodies(folder, done, total) = event {
                let work = SyncProgress(account: account.name, step: .bodies(folder: folder), done: done, total: total)
                Progress.show(work.text + " " + work.bar(width: 20))
            }
        }
        _ = try mirror.sync()
        Progress.finish()
    }
}
