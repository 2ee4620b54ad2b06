import Foundation
import MailMessage
import MailStore

/// `W`: the message (or the tagged ones) to a file: a new `.eml`, or appended to an
/// mbox file, never over an existing file (`MessageSaver`, as `merle save` does).
extension MailApp {
    func askToSaveMessages(selected message: MessageRecord) {
        let several = tagged.count > 1
        let name = several ? "messages.mbox" : FileNameSanitizer.sanitize(message.subject, fallback: "message") + ".eml"
        let prompt = several ? "Append \(tagged.count) messages to the mbox file: " : "Save to (.eml, or an mbox file to append to): "
        ask(LineEditor(prompt: prompt, text: AttachmentSaver.defaultDirectory + "/" + name, completion: PathCompletion.candidates,
                       splitsAtCommas: false)) { app, text in
            let path = text.trimmingCharacters(in: .whitespaces)
            guard !path.isEmpty else { return }
            let targets = try app.takeTargets(selected: message)
            var messages: [MessageSaver.Message] = []
            for target in targets {
                guard let id = target.id else { continue }
                guard let saved = try app.store.messageToSave(id: id) else {
                    app.sendCommand(.fetchBody(messageId: id))
                    throw ComposeFailure("a message is still on the server; it is being downloaded, try again in a moment")
                }
                messages.append(saved)
            }
            switch try MessageSaver.save(messages, to: path) {
            case let .eml(written): app.info = DisplaySanitizer.sanitizeLine("Saved \(written).")
            case let .mbox(written, created, count):
                app.info = DisplaySanitizer.sanitizeLine("\(created ? "Wrote" : "Appended") \(count) message\(count == 1 ? "" : "s") to \(written).")
            }
        }
    }
}
