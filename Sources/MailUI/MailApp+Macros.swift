import MailMessage
import Terminal

/// Running a macro: each step as if typed, stopping at the first that fails. Keys a
/// macro presses are looked up as bindings only, so one macro never starts another.
extension MailApp {
    func run(_ macro: Macro) throws {
        for (number, step) in macro.steps.enumerated() {
            switch step {
            case let .action(action, text):
                let screen = top
                guard screen.keyContext != nil else {
                    throw MacroError("step \(number) of the macro found a prompt still open; give its text after the action")
                }
                try perform(action, on: screen)
                guard let text else { continue }
                guard let prompt = top as? PromptScreen else {
                    throw MacroError("step \(number + 1) of the macro: \(Keymap.configName(action)) opened no prompt for \"\(DisplaySanitizer.sanitizeLine(text))\"")
                }
                try answer(prompt, with: text)
            case let .type(text):
                guard let prompt = top as? PromptScreen else {
                    throw MacroError("step \(number + 1) of the macro: no prompt is open for \"\(DisplaySanitizer.sanitizeLine(text))\"")
                }
                try answer(prompt, with: text)
            case let .key(key):
                let screen = top
                if let context = screen.keyContext {
                    guard let action = keymap.action(for: key, in: context) else {
                        throw MacroError("step \(number + 1) of the macro: \(key) is not bound here")
                    }
                    try perform(action, on: screen)
                } else {
                    try screen.handle(key, in: self)
                }
            }
        }
    }

    /// Types `text` into the prompt and presses Enter.
    private func answer(_ prompt: PromptScreen, with text: String) throws {
        for character in text { try prompt.handle(.character(character), in: self) }
        try prompt.handle(.enter, in: self)
    }
}
