import Foundation
import MailMessage
import MailStore
import MerleConfig

/// `|`: the message's raw bytes (the tagged ones as an mbox stream), or a part's decoded
/// bytes from the attachment list, on a shell command's standard input; what it prints
/// (errors too) is shown in the pager. The command gets no terminal: one that needs it
/// (a pager, an editor) belongs in a mailcap entry or a shell.
extension MailApp {
    /// The longest a piped command may run (the reader waits for it) and how much of its
    /// output is kept.
    static let pipeTimeout: Double = 120
    static let pipeOutputLimit = 16 << 20

    func askToPipe(selected message: MessageRecord) {
        let several = tagged.count > 1
        ask(LineEditor(prompt: several ? "Pipe \(tagged.count) messages (as mbox) to: " : "Pipe the message to: ")) { app, text in
            let command = text.trimmingCharacters(in: .whitespaces)
            guard !command.isEmpty else { return }
            let targets = try app.takeTargets(selected: message)
            var input: [UInt8] = []
            for target in targets {
                guard let id = target.id else { continue }
                guard let saved = try app.store.messageToSave(id: id) else {
                    app.sendCommand(.fetchBody(messageId: id))
                    throw ComposeFailure("a message is still on the server; it is being downloaded, try again in a moment")
                }
                input += targets.count == 1 ? saved.raw : Mboxrd.entry(saved.raw, sender: saved.sender, date: saved.date)
            }
            try app.pipe(input, to: command)
        }
    }

    /// Runs `command` with `input` and shows what it printed.
    func pipe(_ input: [UInt8], to command: String) throws {
        let result: ShellOutput
        do {
            result = try ShellOutput.run(command, input: input, mergingErrors: true, timeout: Self.pipeTimeout, outputLimit: Self.pipeOutputLimit)
        } catch let failure as ShellOutput.Failure {
            throw ComposeFailure("the command \(DisplaySanitizer.sanitizeLine(command)) \(failure.reason)")
        }
        var text = String(decoding: result.output, as: UTF8.self)
        if result.truncated { text += "\n[the output was cut at \(Self.pipeOutputLimit >> 20) MB]" }
        let status = result.status == 0 ? "" : " (exit status \(result.status))"
        guard !text.isEmpty else {
            info = DisplaySanitizer.sanitizeLine("\(command) finished with no output\(status).")
            return
        }
        push(TextScreen(title: "Output of \(command)\(status)", text: text))
    }
}
