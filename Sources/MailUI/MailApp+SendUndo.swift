import Foundation
import MailMessage
import SyncEngine

/// Undo send and send later. A message sent with `y` waits in the outbox for its
/// account's `send_delay` (the engine sends it when the time comes); meanwhile the
/// status line counts down and `u` takes it back into the compose screen exactly as it
/// was (the reader keeps what was written, attachments included). `L` on the compose
/// screen asks for a time and queues it for then.
extension MailApp {
    /// A message sent that can still be taken back.
    struct PendingSend {
        /// What was written, to reopen on undo.
        var compose: PendingCompose
        /// When it goes.
        var due: Date
        /// Its outbox row, once the engine says it is queued (`queued`).
        var outboxId: Int64?
        /// `u` was pressed: the engine is asked to take it back.
        var takingBack = false
    }

    /// The seconds a message from this account waits for undo.
    func sendDelay(account name: String) -> Int {
        accounts.first(where: { $0.name == name })?.sendDelay ?? 0
    }

    /// Queues what was written: after the account's `send_delay` (undo), or at `at`
    /// (send later), or at once.
    func queue(_ compose: PendingCompose, built: BuiltMessage, at: Date? = nil) {
        var sendAfter = at
        if at == nil {
            let delay = sendDelay(account: compose.sender.accountName)
            if delay > 0 {
                let due = Date().addingTimeInterval(TimeInterval(delay))
                sendAfter = due
                pendingSend = PendingSend(compose: compose, due: due)
            } else {
                pendingSend = nil
            }
        }
        sendCommand(.enqueue(accountId: compose.sender.accountId, message: built, inReplyTo: compose.inReplyTo,
                             replacingDraft: compose.replacingDraft, sendAfter: sendAfter))
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
            guard var waiting = pendingSend, waiting.outboxId == outboxId else { return }
            pendingSend = nil
            // A draft it was reopened from was removed when it was queued: saving it again makes a new one.
            waiting.compose.replacingDraft = nil
            push(ComposeScreen(waiting.compose))
            info = "Not sent: the message is back. y sends it, s sends it later, d saves it in Drafts."
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
