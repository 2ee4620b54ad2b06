import Terminal

/// A key that does several things, as NeoMutt's `macro` does, written in `[keys.CONTEXT]`
/// as steps separated by `;`: an action by its name, optionally followed by the text to
/// type into the prompt it opens (Enter follows the text), or `key NAME` to press a key
/// (a `y` for a question), or `type TEXT` to answer a prompt that is still open (the
/// Subject after `compose`'s To). `\;` is a semicolon in the text.
///
///     "M-a" = "tag-pattern is:unread; move-to Archive"
///     "M-b" = "bounce boss@example.org; key y"
///     "M-n" = "compose team@example.org; type Weekly notes"
public struct Macro: Sendable, Equatable, CustomStringConvertible {
    public enum Step: Sendable, Equatable {
        case action(UIAction, text: String?)
        case key(Key)
        case type(String)
    }

    public var steps: [Step]
    /// As written in the config (for the help screen).
    public var source: String

    public var description: String { source }

    /// Parses the config's text; `actions` maps config names to actions. Throws a
    /// message naming what is wrong.
    static func parse(_ text: String, actions: [String: UIAction]) throws -> Macro {
        var steps: [Step] = []
        for raw in split(text) {
            let step = raw.trimmingCharacters(in: .whitespaces)
            guard !step.isEmpty else { continue }
            let words = step.split(separator: " ", maxSplits: 1).map(String.init)
            let name = words[0]
            let rest = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : nil
            if name == "type" {
                guard let rest, !rest.isEmpty else { throw MacroError("\"\(step)\": `type` needs the text to type") }
                steps.append(.type(rest))
                continue
            }
            if name == "key" {
                guard let keyName = rest, let key = Key(name: keyName) else {
                    throw MacroError("\"\(step)\": `key` needs a key name, e.g. key y or key Enter")
                }
                steps.append(.key(key))
                continue
            }
            guard let action = actions[name] else { throw MacroError("\"\(name)\" is not an action") }
            if rest != nil, !action.asksForText {
                throw MacroError("\"\(step)\": \(name) asks for no text; put the text after an action that does (search, move-to, tag-pattern …)")
            }
            steps.append(.action(action, text: rest))
        }
        guard !steps.isEmpty else { throw MacroError("the macro has no steps") }
        return Macro(steps: steps, source: text)
    }

    /// Splits at `;`, `\;` kept as a semicolon.
    static func split(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if escaped {
                if character != ";" { current.append("\\") }
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ";" {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        parts.append(current)
        return parts
    }

    /// Whether a config value is a macro rather than one action's name.
    static func isMacro(_ text: String) -> Bool {
        text.contains(";") || text.trimmingCharacters(in: .whitespaces).contains(" ")
    }
}

/// A macro that cannot be used, in words.
struct MacroError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension UIAction {
    /// Whether the action opens a prompt for text, which a macro step may fill in.
    public var asksForText: Bool {
        switch self {
        case .search, .moveTo, .copyTo, .commandLine, .compose, .bounce, .pipe, .saveMessage, .limit, .tagPattern,
             .saveAttachment, .openAttachment, .attachFile, .editField:
            return true
        default:
            return false
        }
    }
}
