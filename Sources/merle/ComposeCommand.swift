import ArgumentParser
import Foundation
import MailMessage
import MailStore
import MerleConfig

/// `merle compose`: build a message and queue it in the outbox. Works offline; the
/// next `merle send` or `merle sync` delivers it.
struct ComposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compose", abstract: "Write a message and queue it in the outbox (works offline).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The account to send from (default: the first).") var account: String?
    @Option(help: "A recipient; repeat or separate with commas.") var to: [String] = []
    @Option(help: "A copy recipient.") var cc: [String] = []
    @Option(help: "A blind copy recipient (never written into the message).") var bcc: [String] = []
    @Option(help: "The subject.") var subject: String
    @Option(help: "Attach a file; repeat for several.") var attach: [String] = []
    @Option(name: .customLong("body-file"), help: "Read the body from FILE, or from standard input with -.") var bodyFile: String?

    func run() throws {
        try runReportingFailure {
            let configuration = try global.loadConfiguration()
            guard let account = account.map({ configuration.account(named: $0) }) ?? configuration.accounts.first else {
                throw ComposeError("no account named \"\(account ?? "")\" in the config; `merle config check` lists them")
            }
            let draft = try makeDraft(account: account)
            let built = try MessageBuilder().build(draft)
            let store = try global.openStore()
            let accountRecord = try store.ensureAccount(name: account.name, kind: account.incoming.protocolName == "pop3" ? .pop3 : .imap,
                                                        email: account.email)
            let queued = try store.enqueue(accountId: accountRecord.id!, raw: Data(built.bytes), envelopeFrom: built.envelopeSender,
                                           recipients: built.recipients)
            print("Queued message \(queued.id!) to \(built.recipients.count) recipient\(built.recipients.count == 1 ? "" : "s"); `merle send` delivers it.")
        }
    }

    private func makeDraft(account: AccountConfiguration) throws -> Draft {
        // Line breaks in anything that becomes a header or an SMTP command are refused
        // here, before parsing could hide them.
        for (field, values) in [("To", to), ("Cc", cc), ("Bcc", bcc), ("Subject", [subject])] {
            if values.contains(where: { $0.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" || $0 == "\0" }) }) {
                throw MessageBuildError.lineBreakInHeader(field: field)
            }
        }
        let body = try readBody()
        let attachments = try attach.map { path -> Draft.Attachment in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ComposeError("cannot read the attachment \(path); check the path and its permissions")
            }
            let name = (path as NSString).lastPathComponent
            return Draft.Attachment(filename: name, mediaType: MediaType.guess(forFileName: name), data: [UInt8](data))
        }
        return Draft(from: Address(name: account.displayName, mailbox: account.email),
                     to: try addresses(to, field: "To"), cc: try addresses(cc, field: "Cc"), bcc: try addresses(bcc, field: "Bcc"),
                     subject: subject, body: body, attachments: attachments)
    }

    private func addresses(_ values: [String], field: String) throws -> [Address] {
        try values.flatMap { value -> [Address] in
            let parsed = AddressParser.parseList(value).addresses
            guard !parsed.isEmpty, parsed.allSatisfy({ $0.mailbox.contains("@") }) else {
                throw MessageBuildError.invalidAddress(field: field, address: value)
            }
            return parsed
        }
    }

    private func readBody() throws -> String {
        guard let bodyFile else { return "" }
        let data: Data
        if bodyFile == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: bodyFile) else {
                throw ComposeError("cannot read the body file \(bodyFile); check the path and its permissions")
            }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ComposeError("the body is not valid UTF-8; save it as UTF-8 and try again")
        }
        return text
    }

    struct ComposeError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
