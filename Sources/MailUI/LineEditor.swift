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

    /// Candidates for the word being typed (after the last comma), best first; Tab puts
    /// the first in place, Tab again the next.
    public var completion: (@Sendable (String) -> [String])?
    private var cycle: (base: String, candidates: [String], index: Int)?

    public init(prompt: String, text: String = "", completion: (@Sendable (String) -> [String])? = nil) {
        self.prompt = prompt
        self.text = text
        self.completion = completion
    }

    public mutating func handle(_ key: Key) -> Outcome {
        if key == .tab {
            complete()
            return .editing
        }
        cycle = nil
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

    /// Replaces the last comma-separated word with the next candidate.
    private mutating func complete() {
        guard let completion else { return }
        if cycle == nil {
            let (head, word) = Self.splitLastWord(text)
            let candidates = completion(word)
            guard !candidates.isEmpty else { return }
            cycle = (head, candidates, 0)
        } else {
            cycle!.index = (cycle!.index + 1) % cycle!.candidates.count
        }
        text = cycle!.base + cycle!.candidates[cycle!.index]
    }

    /// The text up to and including the last ", " and the word after it.
    static func splitLastWord(_ text: String) -> (head: String, word: String) {
        guard let comma = text.lastIndex(of: ",") else { return ("", text.trimmingCharacters(in: .whitespaces)) }
        return (String(text[...comma]) + " ", text[text.index(after: comma)...].trimmingCharacters(in: .whitespaces))
    }
}
