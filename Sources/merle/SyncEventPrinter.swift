import Foundation
import MailStore
import SyncEngine

/// Prints the engine's events for `merle sync`: progress as one line that rewrites
/// itself on a terminal (nothing in a pipe), what was done as lines. Every text from
/// outside (folder names, server words) is made safe for the terminal first. Safe to
/// call from any thread (a watch's events come from the engine's thread).
final class SyncEventPrinter: @unchecked Sendable {
    /// In `--watch`, a folder synced with nothing new says nothing.
    let quietWhenNothingChanged: Bool
    private let lock = NSLock()

    init(quietWhenNothingChanged: Bool = false) {
        self.quietWhenNothingChanged = quietWhenNothingChanged
    }

    func print(_ event: EngineEvent) {
        lock.withLock {
            switch event {
            case let .progress(work):
                Progress.show(work.text + " " + work.bar(width: 20))
            case let .note(note):
                if quietWhenNothingChanged, case let .folderSynced(_, summary) = note,
                   summary.newMessages + summary.flagChanges + summary.expunged == 0, summary.refused == nil { return }
                for line in note.lines { say(line) }
            case let .connection(account, .offline(reason, retryAt)) where quietWhenNothingChanged:
                say("\(account): connection lost (\(reason)); reconnecting in \(max(1, Int(retryAt.timeIntervalSinceNow.rounded()))) s")
            case let .connection(account, .loginRefused(reason)):
                say("\(account): the server refused the login (\(reason)); fix the password in the config")
            case let .done(text) where quietWhenNothingChanged, let .failed(text) where quietWhenNothingChanged:
                say(text)
            default:
                break
            }
        }
    }

    /// Ends a progress line, so what follows starts on a clean line.
    func finish() {
        lock.withLock { Progress.finish() }
    }

    private func say(_ text: String) {
        Progress.finish()
        FileHandle.standardOutput.write(Data((TerminalText.oneLine(text) + "\n").utf8))
    }
}
