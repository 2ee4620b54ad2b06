import Foundation
import MailMessage
import SyncEngine

/// Undo send and send later. A message sent with `y` waits in the outbox for its
/// account's `send_delay` (the engine sends it when the time comes); meanwhile the
/// status line counts down and `u` takes it back into the compose screen exactly as it
/// was (the reader keeps what was written, attachments included). Messages the reader
/// writes for the user (an answer to an invitation, an unsubscription by mail) wait the
/// same delay, and `u` takes them back too. `L` on the compose screen asks for a time and
/// queues it for then.
extension MailApp {
    /// A message sent that can still be taken back.
    struct PendingSend {
        /// What was written, to reopen on undo; nil for a message the reader wrote (an
        /// answer to an invitation), which undo just keeps from going.
        var compose: PendingCompose?
        /// What it is, for the status line after undo ("the answer to ada@example.org").
        var what: String
        /// When it goes.
        var due: Date
        /// Its outbox row, once the engine says it is queued (`queued`).
        var outboxId: Int64?
        /// `u` was pressed: the engine is asked to take it back.
        var takingBack = false
    }

    /// The seconds a message from this account waits for undo.
    func sendDelay(account name: String) -> Int {
        accounts.first(where: { $0.name == name })?.sendDelay ?? defaultSendDelay
    }

    /// Queues what was written: after the account's `send_delay` (undo), or at `at`
    /// (send later), or at once.
    func queue(_ compose: PendingCompose, built: BuiltMessage, at: Date? = nil) {
        queue(built, from: compose.sender, inReplyTo: compose.inReplyTo, replacingDraft: compose.replacingDraft,
              at: at, undo: compose, what: "the message")
    }

    /// Queues a message: after the sender's `send_delay`, while `u` can take it back
    /// (reopening `undo` in the compose screen when there is one), or at `at`.
    func queue(_ built: BuiltMessage, from sender: Composer.Sender, inReplyTo: Int64?, replacingDraft: Int64? = nil,
               at: Date? = nil, undo: PendingCompose? = nil, what: String) {
        var sendAfter = at
        if at == nil {
            let delay = sendDelay(account: sender.accountName)
            if delay > 0 {
                let due = Date().addingTimeInterval(TimeInterval(delay))
                sendAfter = due
                pendingSend = PendingSend(compose: undo, what: what, due: due)
            } else {
                pendingSend = nil
            }
        }
        sendCommand(.enqueue(accountId: sender.accountId, message: built, inReplyTo: inReplyTo,
                             replacingDraft: replacingDraft, sendAfter: sendAfter))
    }

    /// The message waiting for its send delay, while it can still be taken back.
    func undoableSend(now: Date = Date()) -> PendingSend? {
        guard let pendingSend, pendingSend.due > now else { return nil }
        return pendingSend
    }

    /// `u` while a send can be undone: asks the engine to take the message back.
    /// Returns false when there is none (the usual undo applies).
    func undoSend() -> Bool {
        guard let waiting = undoableSend() else { return false }
        guard let id = waiting.outboxId else {
            info = "A moment: the message is still being queued; press u again."
            return true
        }
        pendingSend?.takingBack = true
        sendCommand(.takeBack(outboxId: id))
        info = "Taking the message back…"
        return true
    }

    /// The engine's answers about a pending send.
    func sendEvent(_ event: EngineEvent) {
        switch event {
        case let .queued(outboxId, sendAfter):
            if var waiting = pendingSend, waiting.outboxId == nil, sendAfter == waiting.due {
                waiting.outboxId = outboxId
                pendingSend = waiting
            }
        case let .takenBack(outboxId):
            guard let waiting = pendingSend, waiting.outboxId == outboxId else { return }
            pendingSend = nil
            guard var compose = waiting.compose else {
                info = "Not sent: \(waiting.what) was taken back."
                return
            }
            // A draft it was reopened from was removed when it was queued: saving it again makes a new one.
            compose.replacingDraft = nil
            push(ComposeScreen(compose))
            info = "Not sent: the message is back. y sends it, L sends it later, d saves it in Drafts."
        default:
            break
        }
    }

    /// Quits; while a message still waits for its send delay, asks first: quitting
    /// keeps it in the outbox, for the next reader, `merle send` or `merle sync` to send
    /// once due, as a kill would.
    func quit() {
        guard let waiting = undoableSend() else {
            isFinished = true
            return
        }
        let seconds = max(1, Int(waiting.due.timeIntervalSinceNow.rounded(.up)))
        confirm("A message goes in \(seconds) s (u takes it back). Quit? It stays in the outbox for the next merle send, sync or reader.",
                declined: { app in app.info = "Still here; u takes the message back." }) { app in
            app.isFinished = true
        }
    }

    /// The countdown on the status line: "sending in 9 s — u: undo".
    func sendCountdownText(now: Date = Date()) -> String? {
        guard let waiting = undoableSend(now: now) else { return nil }
        if waiting.takingBack { return "taking the message back…" }
        return "sending in \(max(1, Int(waiting.due.timeIntervalSince(now).rounded(.up)))) s — u: undo"
    }
}
