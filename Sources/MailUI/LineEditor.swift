import Terminal

/// A one-line text input on the bottom row (the search prompt): type, Backspace,
/// Ctrl-U to clear, Enter to accept, Escape or Ctrl-G to cancel.
public struct LineEditor: Sendable {
    public var prompt: String
    public private(set) var text = ""

    /// What a key did to the line: still editing, accepted with the text, or cancelled.
    public enum Outcome: Sendable, Equatable {
        case editing, accepted(String), cancelled
    }

    public init(prompt: String, text: String = "") {
        self.prompt = prompt
        self.text = text
    }

    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .enter: return .accepted(text)
        case .escape, .ctrl("g"), .ctrl("c"): return .cancelled
        case .backspace:
            if text.isEmpty { return .cancelled }
            text.removeLast()
        case .ctrl("u"): text = ""
        case .ctrl("w"):
            while text.last == " " { text.removeLast() }
            while let last = text.last, last != " " { text.removeLast() }
        case .character(let character): text.append(character)
        default: break
        }
        return .editing
    }
}
