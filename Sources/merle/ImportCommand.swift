import ArgumentParser
import Foundation
import MailStore
import MerleConfig
import SyncEngine

/// `merle import maildir|mbox PATH FOLDER`: mail from files into a folder of an account.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import a Maildir or an mbox into a folder, with its flags; works offline, and again imports nothing twice.",
        subcommands: [Maildir.self, Mbox.self])

    struct Maildir: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "maildir", abstract: "Import a Maildir (its cur/ and new/, as mutt, mbsync and Dovecot keep them).",
            discussion: """
                Flags come from the file names' :2, letters (S seen, R replied, F flagged, T trashed, D draft, \
                P passed as $Forwarded), the arrival time from each file's modification time. In an IMAP account \
                the messages are uploaded by the next `merle sync`; in a POP3 account they stay in Merle's store.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The Maildir: the folder holding cur/ and new/.", completion: .directory) var path: String
        @Argument(help: "The folder to import into (created when missing).", completion: .custom(CompletionNames.folders)) var folder: String
        @Option(help: "The account (default: the only one).", completion: .custom(CompletionNames.accounts)) var account: String?

        func run() throws {
            try runReportingFailure { try ImportCommand.importing(.maildir(path), into: folder, account: account, global: global) }
        }
    }

    struct Mbox: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mbox", abstract: "Import an mbox file (mutt's, Thunderbird's, a Gmail export).",
            discussion: """
                Flags come from each message's Status: and X-Status: lines (R read; A answered, F flagged, \
                T draft, D deleted), which stay in the message; the arrival time from its From line. Quoted \
                From lines are unquoted: mboxrd (the default, what `merle export` writes) takes one > from \
                every >…From line, mboxo (--quoting mboxo) only from >From.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The mbox file.", completion: .file()) var path: String
        @Argument(help: "The folder to import into (created when missing).", completion: .custom(CompletionNames.folders)) var folder: String
        @Option(help: "The account (default: the only one).", completion: .custom(CompletionNames.accounts)) var account: String?
        @Option(help: "How the file quotes From lines in messages: mboxrd or mboxo.") var quoting: MboxQuoting = .mboxrd

        func run() throws {
            try runReportingFailure { try ImportCommand.importing(.mbox(path, quoting: quoting), into: folder, account: account, global: global) }
        }
    }

    /// Imports, showing progress on a terminal, then says what happened.
    static func importing(_ source: MailImporter.Source, into folder: String, account name: String?, global: GlobalOptions) throws {
        let configuration = try global.loadConfiguration()
        let chosen = try configuration.chosenAccounts(name)
        guard chosen.count == 1, let account = chosen.first else {
            throw ValidationError("several accounts are configured; name one with --account")
        }
        let store = try global.openStore()
        let kind: AccountRecord.Kind = account.incoming.mailProtocol == .imap ? .imap : .pop3
        let record = try store.ensureAccount(name: account.name, kind: kind, email: account.email)
        var importer = MailImporter(store: store)
        importer.progress = { Progress.show($0.text + " " + $0.bar(width: 20)) }
        let summary = try importer.run(source, into: folder, account: record)
        Progress.finish()
        let name = TerminalText.oneLine(summary.folder)
        var line = "Imported \(summary.imported) message\(summary.imported == 1 ? "" : "s") into \(name)"
            + (summary.createdFolder ? " (a new folder)" : "")
            + (summary.alreadyThere > 0 ? "; \(summary.alreadyThere) \(summary.alreadyThere == 1 ? "was" : "were") there already" : "")
        if summary.waitsForSync, summary.imported > 0 || summary.createdFolder {
            line += "; the next `merle sync` uploads \(summary.imported == 1 ? "it" : "them")"
        }
        print(line + ".")
        if summary.neverSynced {
            printWarning("\(name) has not been synced here yet, so messages already in it on the server were not compared; "
                         + "`merle sync` first, then import again to be sure nothing is there twice")
        }
    }
}

extension MboxQuoting: ExpressibleByArgument {}
