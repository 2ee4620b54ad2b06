import ArgumentParser
import Foundation
import MailCrypto
import MailMessage
import MailStore
import MailUI
import MerleConfig
import SyncEngine

/// `merle compose`: build a message and queue it in the outbox, or keep it as a draft.
/// Works offline; the next `merle send` or `merle sync` delivers it (and saves drafts
/// on the server).
struct ComposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compose", abstract: "Write a message and queue it in the outbox, or save it as a draft (works offline).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The account to send from (default: the first).") var account: String?
    @Option(help: "A recipient; repeat or separate with commas.") var to: [String] = []
    @Option(help: "A copy recipient.") var cc: [String] = []
    @Option(help: "A blind copy recipient (never written into the message sent).") var bcc: [String] = []
    @Option(help: "The subject.") var subject: String?
    @Option(help: "Attach a file; repeat for several.") var attach: [String] = []
    @Option(name: .customLong("body-file"), help: "Read the body from FILE, or from standard input with -.") var bodyFile: String?
    @Option(name: .customLong("reply-to"), help: "Reply to message ID (see `merle list`): recipients, subject, quote and threading headers; the original is marked answered once sent.")
    var replyTo: Int64?
    @Flag(name: .customLong("reply-all"), help: "With --reply-to: reply to every recipient of the original (your own addresses left out).") var replyAll = false
    @Flag(name: .customLong("list-reply"), help: "With --reply-to: reply to the mailing list the original came from (its List-Post address).")
    var listReply = false
    @Option(help: "Write from this address: one of the account's identities (the account's email or an [[account.identity]]); it also chooses the account when --account is not given. Replies are written from the address the original was sent to unless this says otherwise.")
    var from: String?
    @Flag(help: "Save as a draft in the Drafts folder instead of queueing it.") var draft = false
    @Option(name: .customLong("from-draft"), help: "Start from draft ID; options given replace its fields. Sending (or saving again) replaces the draft.")
    var fromDraft: Int64?
    @Option(name: .customLong("send-at"), help: "Send later: not before TIME, as 2026-12-24 09:00 (local time), 09:00 (the next such time) or RFC 3339. Until then it waits in the outbox (`merle outbox hold|release|drop ID`); `merle send` leaves it for its time.")
    var sendAt: String?

    @Flag(inversion: .prefixedNo, help: "Sign it (PGP/MIME, or S/MIME with --crypto smime); default: the account's `sign`.")
    var sign: Bool?
    @Flag(inversion: .prefixedNo, help: "Encrypt it to every recipient and to you; it is not queued if anyone lacks a usable key, nor with Bcc. Default: the account's `encrypt`.")
    var encrypt: Bool?
    @Option(help: "pgp (PGP/MIME through GnuPG) or smime (S/MIME through OpenSSL); default: the account's `crypto`, else pgp.") var crypto: String?

    func run() throws {
        try runReportingFailure {
            if replyAll && listReply { throw ValidationError("choose one of --reply-all and --list-reply") }
            if (replyAll || listReply) && replyTo == nil {
                throw ValidationError("--\(replyAll ? "reply-all" : "list-reply") goes with --reply-to ID")
            }
            let sendAfter = try sendAt.map { try OutboxTime.parse($0) }
            if let sendAfter, draft { throw ValidationError("a draft is not sent; --send-at goes without --draft (the time given was \(OutboxTime.text(sendAfter)))") }
            let configuration = try global.loadConfiguration()
            let store = try global.openStore()
            let account = try chooseAccount(configuration, store: store)
            // The reader's path: the same start (reply, quote style, identity, signature, reopened draft) and queueing.
            var composer = Composer(store: store, sender: try Composer.sender(account: account.name, configured: configuration.accounts, store: store),
                                    quoteStyle: configuration.general.quoteStyle)
            // Encrypting also to the Autocrypt keys this account has kept from its correspondents.
            let cryptography = MailCryptography(settings: configuration.general)
                .withAutocryptPeers(store: store, accountId: composer.sender.accountId)
            composer.cryptography = cryptography
            var identity: Identity?
            if let from {
                guard let chosen = account.identity(for: from) else {
                    throw SyncEngine.ComposeError.notAnIdentity(from, account: account.name, identities: account.allIdentities.map(\.email))
                }
                identity = chosen
            }
            let started = try composer.start(start(), body: fromDraft == nil ? try readBody() ?? "" : "", from: identity)
            if let problem = started.signatureProblem { printWarning(problem) }
            var message = started.draft
            try apply(options: &message)
            var security = try security(account: account)
            // A draft kept encrypted is sent encrypted, unless --no-encrypt says otherwise.
            if let format = started.encryptedAs, encrypt == nil {
                security.encryption = .on
                if crypto == nil { security.format = format }
            }
            // Autocrypt (Level 1 section 2.4): both sides prefer encryption, so it is on.
            if encrypt == nil, account.autocrypt != false, account.autocryptPreferEncrypt {
                security.follow(composer.autocryptRecommendation(for: message, senderPrefersEncrypt: true))
            }
            if draft {
                let id = try store.saveDraft(accountId: composer.sender.accountId, raw: Data(try security.buildDraft(message, sealer: cryptography)),
                                             replacing: started.replacingDraft)
                print("Saved draft \(id) in Drafts; `merle compose --from-draft \(id)` reopens it.")
                return
            }
            guard !message.subject.isEmpty || subject != nil else {
                throw ValidationError("give a --subject (an empty one is --subject \"\")")
            }
            let sealed = try security.build(message, sealer: cryptography)
            if let notice = sealed.notice { printWarning(notice) }
            let built = sealed.message
            if message.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                printWarning("the message has no text (give it with --body-file FILE, or --body-file - for standard input); it is queued anyway")
            }
            let queued = try Composer.enqueue(built, accountId: composer.sender.accountId, store: store, inReplyTo: started.inReplyTo,
                                              replacingDraft: started.replacingDraft, sendAfter: sendAfter)
            let protection = sealed.security.isPlain ? "" : " \(sealed.security.summary)"
            var queuedWords = "Queued message \(queued.id!)\(protection) to \(built.recipients.count) recipient\(built.recipients.count == 1 ? "" : "s")"
            if let sendAfter, sendAfter > Date() {
                queuedWords += " to go at \(OutboxTime.text(sendAfter)) (not before)"
            }
            MissingSMTP.printQueued(queuedWords, account: account, sendAfter: sendAfter)
        }
    }

    /// The account's `sign` and `encrypt`, then `--sign`, `--encrypt`, `--crypto`.
    private func security(account: AccountConfiguration) throws -> ComposeSecurity {
        let format: SecurityFormat?
        switch crypto?.lowercased() {
        case nil: format = nil
        case "pgp", "openpgp": format = .openPGP
        case "smime", "s/mime": format = .smime
        case let other?: throw ValidationError("--crypto \(other) is not pgp or smime")
        }
        var security = ComposeSecurity(account: account, format: format)
        if let sign { security.sign = sign }
        if let encrypt { security.encryption = encrypt ? .on : .off }
        return security
    }

    /// How the message starts: a reopened `--from-draft`, a reply to `--reply-to`, or new.
    private func start() -> Composer.Start {
        if let fromDraft { return .draft(fromDraft) }
        if let replyTo { return .reply(replyTo, to: replyAll ? .all : listReply ? .list : .sender) }
        return .new
    }

    /// `--account`, else the account whose identity `--from` is, else the account of the
    /// message replied to or the draft reopened, else the first.
    private func chooseAccount(_ configuration: MerleConfiguration, store: MailStore) throws -> AccountConfiguration {
        if let account {
            guard let named = configuration.account(named: account) else {
                throw ComposeError("no account named \"\(account)\" in the config; `merle config check` lists them")
            }
            return named
        }
        if let from {
            guard let found = configuration.identity(withAddress: from) else {
                let all = configuration.accounts.flatMap { $0.allIdentities.map(\.email) }
                throw ComposeError("\(from) is not one of your addresses; use one of \(all.joined(separator: ", ")) or add it as an [[account.identity]]")
            }
            return found.account
        }
        if let id = replyTo ?? fromDraft, let place = try store.messagePlace(id: id), let owner = configuration.account(named: place.account) {
            return owner
        }
        guard let first = configuration.accounts.first else { throw ComposeError("no account is configured") }
        return first
    }

    /// The command line's fields over the starting draft.
    private func apply(options message: inout Draft) throws {
        // Line breaks in anything that becomes a header or an SMTP command are refused
        // here, before parsing could hide them.
        for (field, values) in [("To", to), ("Cc", cc), ("Bcc", bcc), ("Subject", subject.map { [$0] } ?? [])] {
            if values.contains(where: { $0.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" || $0 == "\0" }) }) {
                throw MessageBuildError.lineBreakInHeader(field: field)
            }
        }
        if !to.isEmpty { message.to = try addresses(to, field: "To") }
        if !cc.isEmpty { message.cc = try addresses(cc, field: "Cc") }
        if !bcc.isEmpty { message.bcc = try addresses(bcc, field: "Bcc") }
        if let subject { message.subject = subject }
        // A reopened draft's text is replaced by --body-file (new messages and replies took it at the start).
        if fromDraft != nil, let body = try readBody() { message.body = body }
        message.attachments += try attach.map(Composer.attachment)
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

    /// The body from `--body-file`, or nil when none was given.
    private func readBody() throws -> String? {
        guard let bodyFile else { return nil }
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

    typealias ComposeError = CommandError
}
