import Foundation
import MailCrypto
import MailMessage
import MailStore
import MerleConfig
import SyncEngine
import Terminal

/// A message written in the editor, waiting for the user's choice.
public struct PendingCompose: Sendable {
    public var draft: Draft
    /// Who writes it: the account (by id) and the From address.
    public var sender: Composer.Sender
    /// The message it answers (marked `\Answered` once sent).
    public var inReplyTo: Int64?
    /// The saved draft it was reopened from (replaced when sent or saved again).
    public var replacingDraft: Int64?
    /// The identity it is written from, and the signature written for it (exchanged
    /// when the From changes to another identity).
    public var identity: Identity
    public var signature: String?
    /// Whether it is signed and encrypted: the account's defaults, then the compose screen's keys.
    public var security: ComposeSecurity

    public init(draft: Draft, sender: Composer.Sender, inReplyTo: Int64? = nil, replacingDraft: Int64? = nil,
                identity: Identity? = nil, signature: String? = nil, security: ComposeSecurity = ComposeSecurity()) {
        self.draft = draft
        self.security = security
        self.sender = sender
        self.inReplyTo = inReplyTo
        self.replacingDraft = replacingDraft
        self.identity = identity ?? sender.identity(for: draft.from.mailbox) ?? sender.identities[0]
        self.signature = signature
    }

    /// Edited text (the editor's, or one field's) applied to the draft. A From naming
    /// another identity of the account changes to it: its signature in place of the old
    /// one, its Reply-To. Returns why the new signature could not be read, if it could not.
    mutating func apply(_ text: String) throws -> String? {
        let edited = try ComposeText.apply(text, to: draft, identities: sender.identities)
        guard !identity.matches(edited.from.mailbox), let next = sender.identity(for: edited.from.mailbox) else {
            draft = edited
            return nil
        }
        let switched = Composer.switching(edited, from: identity, signature: signature, to: next)
        draft = switched.draft
        identity = next
        signature = switched.signature
        return switched.problem
    }

    /// Why this account cannot send (no `[account.smtp]`), when it cannot: the message
    /// can be saved in Drafts, never queued to wait for ever.
    public var cannotSend: String? {
        sender.cannotSend.map { $0 + "; d saves the message in Drafts, and once the server is added E sends it from there" }
    }
}

/// Writing mail: the draft goes to `$EDITOR` as text, comes back, and is sent (queued in
/// the outbox), saved in Drafts, edited again or discarded. Sending and saving are engine
/// commands: the UI writes nothing itself, and both work offline.
extension MailApp {
    /// `m`: asks for the recipients (Tab completes from the people written to, the
    /// address book and the senders of stored mail), then the subject, then opens the editor.
    func askForNewMessage() {
        ask(LineEditor(prompt: "To: ", completion: addressCompletion())) { app, to in
            app.ask(LineEditor(prompt: "Subject: ")) { app, subject in try app.startCompose(.new, to: to, subject: subject) }
        }
    }

    /// Addresses for an address prompt: the people written to, the address book and the
    /// senders of stored mail, best first, then the `address_book_command`'s matches of
    /// the account written from (waited for at most a second), as `Name <address>`.
    func addressCompletion() -> @Sendable (String) -> [String] {
        let book = addressBook
        let command = (accounts.first { $0.name == currentFolder?.account } ?? accounts.first)?.addressBookCommand
        return { word in
            book.suggestions(prefix: word, command: command).map { suggestion in
                suggestion.name.isEmpty ? suggestion.address : ComposeText.editable(Address(name: suggestion.name, mailbox: suggestion.address))
            }
        }
    }

    /// Builds the first draft (`Composer`, as `merle compose` does), lets the user edit
    /// it, then asks what to do with it. A message whose body is still on the server is
    /// asked for, and the user tries again once it is here.
    func startCompose(_ start: Composer.Start, to: String = "", subject: String = "") throws {
        var composer = Composer(store: store, sender: try Composer.sender(account: try composeAccount(), configured: accounts, store: store))
        composer.quoteStyle = quoteStyle
        composer.cryptography = cryptography
        let started: Composer.Started
        do {
            started = try composer.start(start)
        } catch let ComposeError.bodyNotDownloaded(id) {
            sendCommand(.fetchBody(messageId: id))
            throw ComposeFailure("the message is still on the server; it is being downloaded, try again in a moment")
        }
        var pending = PendingCompose(draft: started.draft, sender: composer.sender, inReplyTo: started.inReplyTo,
                                     replacingDraft: started.replacingDraft, identity: started.identity, signature: started.signature,
                                     security: ComposeSecurity(account: accounts.first { $0.name == composer.sender.accountName }))
        if let format = started.encryptedAs {
            // A draft kept encrypted stays encrypted (x turns it off, shown before sending).
            pending.security.encryption = .on
            pending.security.format = format
        }
        if case .new = start {
            // What the prompts collected; the editor shows it and checks it again.
            let body = pending.draft.body
            pending.draft = try ComposeText.apply("To: \(to)\nSubject: \(subject)\n\n", to: pending.draft)
            pending.draft.body = body
        }
        if let problem = started.signatureProblem { info = DisplaySanitizer.sanitizeLine(problem) }
        if let reason = pending.cannotSend { info = DisplaySanitizer.sanitizeLine(reason) }
        try edit(pending)
    }

    /// Runs the editor on the draft's text; the result waits for the user's choice on a
    /// compose screen. The screen opens before the editor runs: an editor that fails
    /// loses nothing.
    func edit(_ start: PendingCompose) throws {
        guard let onEdit else {
            lastError = "no editor can run here; set $EDITOR"
            return
        }
        let path = NSTemporaryDirectory() + "merle-compose-\(UUID().uuidString).txt"
        // The draft may be private: only the user may read the file, and it goes away.
        guard FileManager.default.createFile(atPath: path, contents: Data(ComposeText.render(start.draft).utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            lastError = "cannot write the draft to \(NSTemporaryDirectory()); check that the folder is writable"
            return
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let waiting = ComposeScreen(start)
        push(waiting)
        try onEdit(path)
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            lastError = "the edited message is not UTF-8 text; it was not kept"
            return
        }
        do {
            if let problem = try waiting.pending.apply(text) { info = DisplaySanitizer.sanitizeLine(problem) }
            followAutocrypt(waiting)
        } catch {
            // The text is kept: edit again to fix it.
            report(error)
        }
    }

    /// The account to write from: the open folder's, else the first configured.
    private func composeAccount() throws -> String {
        if let account = currentFolder?.account { return account }
        if let first = try accounts.first?.name ?? store.accounts().first?.name { return first }
        throw ComposeFailure("there is no account to write from; add one to the config")
    }
}

/// Why writing could not start, in words.
struct ComposeFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension MailApp {
    /// Autocrypt's recommendation (Level 1 section 2.4) for what was written: when the
    /// account prefers encryption and so does every recipient, opportunistic encryption
    /// starts on, and the screen says so before anything is sent.
    func followAutocrypt(_ screen: ComposeScreen) {
        guard let account = accounts.first(where: { $0.name == screen.pending.sender.accountName }), account.autocrypt != false,
              account.autocryptPreferEncrypt else { return }
        let composer = Composer(store: store, sender: screen.pending.sender)
        let recommendation = composer.autocryptRecommendation(for: screen.pending.draft, senderPrefersEncrypt: true)
        if screen.pending.security.follow(recommendation) {
            info = "Encrypted: every recipient prefers it (Autocrypt); x turns it off."
        }
    }

    /// The sealer for mail from account `accountId`: `sealer`, encrypting also to the
    /// Autocrypt keys that account has kept.
    func sealer(for accountId: Int64) -> (any MessageSealing)? {
        guard let cryptography = sealer as? MailCryptography else { return sealer }
        return cryptography.withAutocryptPeers(store: store, accountId: accountId)
    }
}
