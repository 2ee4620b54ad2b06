import Foundation
import MailMessage
import SyncEngine
import Terminal

/// A message written in the editor, shown for review before it goes, as NeoMutt's
/// compose menu does: From, To, Cc, Bcc, Subject and the attachments with their sizes,
/// each selectable with j/k and changed with Enter; `y` sends (queued in the outbox, so
/// offline too; `send_delay` lets `u` take it back), `L` sends later at a time asked
/// for, `d` saves in Drafts, `e` edits the text again, `a` attaches a file,
/// `D` removes the selected attachment, `q` discards after asking.
final class ComposeScreen: AppScreen {
    var pending: PendingCompose
    /// The selected line: a field, then the attachments.
    var selected = 1

    init(_ pending: PendingCompose) {
        self.pending = pending
    }

    var kind: ScreenKind { .compose }
    var keyContext: KeyContext? { .compose }

    /// The lines that can be selected: five fields, then one per attachment.
    enum Line: Equatable {
        case from, to, cc, bcc, subject
        case attachment(Int)
    }

    var lines: [Line] {
        [.from, .to, .cc, .bcc, .subject] + pending.draft.attachments.indices.map { .attachment($0) }
    }

    func perform(_ action: UIAction, in app: MailApp) throws {
        switch action {
        case .moveDown: selected = min(selected + 1, lines.count - 1)
        case .moveUp: selected = max(selected - 1, 0)
        case .send: try send(in: app, askingAboutEmptyBody: true)
        case .sendLater:
            if let reason = pending.cannotSend {
                app.lastError = DisplaySanitizer.sanitizeLine(reason)
                return
            }
            app.ask(LineEditor(prompt: "Send at (2026-12-24 09:00, or 09:00): ", text: "")) { [self] app, text in
                guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return }
                let at = try OutboxTime.parse(text)
                try send(in: app, askingAboutEmptyBody: true, at: at)
            }
        case .saveDraft:
            // Encrypted to the writer's own key when the message is to be encrypted.
            let bytes = try pending.security.buildDraft(pending.draft, sealer: app.sealer)
            app.sendCommand(.saveDraft(accountId: pending.sender.accountId, raw: Data(bytes), replacing: pending.replacingDraft))
            app.pop(self)
        case .editMessage:
            app.pop(self)
            try app.edit(pending)
        case .attachFile:
            app.ask(LineEditor(prompt: "Attach file: ", text: FileManager.default.currentDirectoryPath + "/",
                               completion: PathCompletion.candidates, splitsAtCommas: false)) { [self] app, text in
                attach(path: text.trimmingCharacters(in: .whitespaces), in: app)
            }
        case .detachFile:
            guard case let .attachment(number)? = lines.indices.contains(selected) ? lines[selected] : nil else {
                app.info = "Select an attachment first (j/k)."
                return
            }
            let removed = pending.draft.attachments.remove(at: number)
            selected = min(selected, lines.count - 1)
            app.info = DisplaySanitizer.sanitizeLine("Removed \(removed.filename).")
        case .editField: editSelectedField(in: app)
        case .toggleSign:
            pending.security.sign.toggle()
            app.info = "Security: " + pending.security.summary
        case .toggleEncrypt:
            pending.security.toggleEncryption()
            app.info = "Security: " + pending.security.summary
        case .toggleCryptoFormat:
            pending.security.format = pending.security.format == .openPGP ? .smime : .openPGP
            app.info = "Security: " + pending.security.summary
        case .discard:
            app.confirm("Discard this message?", declined: { app in app.info = "Kept; y sends it, d saves it in Drafts." }) { [self] app in
                app.pop(self)
                app.info = "Discarded."
            }
        case .quit: break
        default: break
        }
    }

    /// Sends (at `at`, for send later); a message with no text is asked about first.
    private func send(in app: MailApp, askingAboutEmptyBody: Bool, at: Date? = nil) throws {
        if let reason = pending.cannotSend {
            app.lastError = DisplaySanitizer.sanitizeLine(reason)
            return
        }
        if askingAboutEmptyBody, pending.draft.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            app.confirm("The message has no text. Send it anyway?") { [self] app in try send(in: app, askingAboutEmptyBody: false, at: at) }
            return
        }
        // Signed and encrypted as the screen shows, or not queued at all (the error says why).
        let security = pending.security
        let draft = pending.draft
        let built: BuiltMessage
        if security.sign || security.encryption != .off {
            guard let sealer = app.sealer(for: pending.sender.accountId) else {
                app.lastError = "signing and encryption are not available here; s and x turn them off"
                return
            }
            let seal = { try security.build(draft, sealer: sealer) }
            let sealed = try app.aroundSealing.map { try $0(seal) } ?? seal()
            if let notice = sealed.notice { app.info = DisplaySanitizer.sanitizeLine("Sent " + notice) }
            built = sealed.message
        } else if let sealer = app.sealer(for: pending.sender.accountId) {
            // Plain, with the Autocrypt header when the account sends one.
            let sealed = try security.build(draft, sealer: sealer)
            if let notice = sealed.notice { app.info = DisplaySanitizer.sanitizeLine("Sent; " + notice) }
            built = sealed.message
        } else {
            built = try MessageBuilder().build(draft)
        }
        app.pop(self)
        app.queue(pending, built: built, at: at)
    }

    /// Enter: a prompt with the field's value; addresses complete from the address book.
    private func editSelectedField(in app: MailApp) {
        guard lines.indices.contains(selected) else { return }
        let draft = pending.draft
        let field: String
        let value: String
        switch lines[selected] {
        case .from: (field, value) = ("From", ComposeText.editable(draft.from))
        case .to: (field, value) = ("To", draft.to.map(ComposeText.editable).joined(separator: ", "))
        case .cc: (field, value) = ("Cc", draft.cc.map(ComposeText.editable).joined(separator: ", "))
        case .bcc: (field, value) = ("Bcc", draft.bcc.map(ComposeText.editable).joined(separator: ", "))
        case .subject: (field, value) = ("Subject", draft.subject)
        case .attachment:
            app.info = "D removes an attachment; a attaches another."
            return
        }
        let completion: (@Sendable (String) -> [String])?
        switch field {
        case "Subject": completion = nil
        case "From":
            // The account's identities: Tab lists them.
            let choices = pending.sender.identities.map { ComposeText.editable($0.address) }
            completion = { typed in
                // From the one shown, Tab steps through them all; a typed word narrows them.
                let word = typed.trimmingCharacters(in: .whitespaces).lowercased()
                if let current = choices.firstIndex(where: { $0.lowercased() == word }) {
                    return Array(choices[(current + 1)...] + choices[...current])
                }
                let matching = choices.filter { $0.lowercased().contains(word) }
                return matching.isEmpty ? choices : matching
            }
        default: completion = app.addressCompletion()
        }
        let prompt = field == "From" && pending.sender.identities.count > 1 ? "From (Tab: your addresses): " : "\(field): "
        app.ask(LineEditor(prompt: prompt, text: value, completion: completion, splitsAtCommas: field != "From")) { [self] app, text in
            // The editor's rules check it: addresses must parse, the From is one of the account's.
            if let problem = try pending.apply("\(field): \(text)\n\n" + pending.draft.body) {
                app.info = DisplaySanitizer.sanitizeLine(problem)
            }
        }
    }

    /// Adds a file from disk to the message.
    func attach(path: String, in app: MailApp) {
        guard !path.isEmpty else { return }
        do {
            pending.draft.attachments.append(try Composer.attachment(path: path))
            selected = lines.count - 1
        } catch {
            app.report(error)
        }
    }

    func draw(in app: MailApp) {
        let screen = app.screen
        let width = screen.size.columns
        let draft = pending.draft
        var rows: [(text: String, role: ThemeRole)] = []
        func field(_ name: String, _ value: String) -> String {
            DisplayWidth.fit(name, to: 9) + DisplaySanitizer.sanitizeLine(value)
        }
        rows.append((field("From:", ComposeText.editable(draft.from)), .pagerHeader))
        rows.append((field("To:", draft.to.map(ComposeText.editable).joined(separator: ", ")), .pagerHeader))
        rows.append((field("Cc:", draft.cc.map(ComposeText.editable).joined(separator: ", ")), .pagerHeader))
        rows.append((field("Bcc:", draft.bcc.map(ComposeText.editable).joined(separator: ", ")), .pagerHeader))
        rows.append((field("Subject:", draft.subject), .pagerHeader))
        for (number, attachment) in draft.attachments.enumerated() {
            rows.append(("  \(number + 1). " + DisplaySanitizer.sanitizeLine(attachment.filename)
                         + " (\(attachment.mediaType), \(IndexRowFormatter.size(Int64(attachment.data.count))))", .pagerAttachment))
        }
        let height = app.bodyHeight
        for (position, row) in rows.enumerated() where position < height {
            let role: ThemeRole = position == selected ? .indexSelected : row.role
            screen.putPadded(row.text, row: position + 1, column: 0, width: width, style: app.theme.style(role))
        }
        // The text, below, as far as it fits.
        var next = rows.count + 1
        if next < height {
            screen.putPadded(DisplaySanitizer.sanitizeLine("Security: " + pending.security.summary + securityKeys(in: app)),
                             row: next + 1, column: 0, width: width, style: app.theme.style(.pagerNote))
            next += 1
        }
        if let note = pending.cannotSend, next < height {
            screen.putPadded(DisplaySanitizer.sanitizeLine("[\(note)]"), row: next + 1, column: 0, width: width, style: app.theme.style(.pagerNote))
            next += 1
        }
        let body = draft.body.isEmpty ? ["(no text yet: e opens the editor)"] : draft.body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for line in body where next < height {
            screen.put(DisplaySanitizer.sanitizeLine(line), row: next + 1, column: 0,
                       style: app.theme.style(line.hasPrefix(">") ? .pagerQuote : .pagerBody), maxWidth: width)
            next += 1
        }
    }

    /// The keys that change it, as bound: "  (s: sign, x: encrypt)".
    private func securityKeys(in app: MailApp) -> String {
        let bound = Dictionary(app.keymap.keysByAction(in: .compose).map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
        let hints = [(UIAction.toggleSign, "sign"), (.toggleEncrypt, "encrypt"), (.toggleCryptoFormat, "PGP or S/MIME")].compactMap { action, word in
            bound[action]?.first.map { "\($0): \(word)" }
        }
        return hints.isEmpty ? "" : "  (" + hints.joined(separator: ", ") + ")"
    }

    func titleHints(in app: MailApp) -> String {
        pending.cannotSend == nil ? "y:Send  d:Save draft  e:Edit  a:Attach  Enter:Change field  q:Discard  L:Send later  ?:Help"
            : "d:Save draft  e:Edit  a:Attach  Enter:Change field  q:Discard  ?:Help"
    }

    func position(in app: MailApp) -> String {
        let count = pending.draft.attachments.count
        return "compose, \(count) attachment\(count == 1 ? "" : "s") --"
    }
}
