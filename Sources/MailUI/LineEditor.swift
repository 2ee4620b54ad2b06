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

    /// Candidates for the word being typed (after the last comma, or the whole line),
    /// best first; Tab puts the first in place and lists them all, Tab (or Down) again
    /// the next, Shift-Tab (or Up) the one before.
    public var completion: (@Sendable (String) -> [String])?
    /// Whether the line is a comma-separated list whose last item completes (addresses),
    /// or one value (a path, a folder name, a command).
    public var splitsAtCommas: Bool
    private var cycle: (base: String, candidates: [String], index: Int)?

    public init(prompt: String, text: String = "", completion: (@Sendable (String) -> [String])? = nil, splitsAtCommas: Bool = true) {
        self.prompt = prompt
        self.text = text
        self.completion = completion
        self.splitsAtCommas = splitsAtCommas
    }

    /// The candidates shown while completing, and the one in place.
    public var candidates: (list: [String], chosen: Int)? {
        guard let cycle, cycle.candidates.count > 1 else { return nil }
        return (cycle.candidates, cycle.index)
    }

    public mutating func handle(_ key: Key) -> Outcome {
        if key == .tab || (key == .down && cycle != nil) {
            complete(step: 1)
            return .editing
        }
        if key == .backTab || (key == .up && cycle != nil) {
            complete(step: -1)
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

    /// Replaces the word being typed with the next (or previous) candidate.
    private mutating func complete(step: Int) {
        guard let completion else { return }
        if cycle == nil {
            let (head, word) = splitsAtCommas ? Self.splitLastWord(text) : ("", text)
            let candidates = completion(word)
            guard !candidates.isEmpty else { return }
            cycle = (head, candidates, step > 0 ? 0 : candidates.count - 1)
        } else {
            let count = cycle!.candidates.count
            cycle!.index = (cycle!.index + step + count) % count
        }
        text = cycle!.base + cycle!.candidates[cycle!.index]
    }

    /// The text up to and including the last ", " and the word after it.
    static func splitLastWord(_ text: String) -> (head: String, word: String) {
        guard let comma = text.lastIndex(of: ",") else { return ("", text.trimmingCharacters(in: .whitespaces)) }
        return (String(text[...comma]) + " ", text[text.index(after: comma)...].trimmingCharacters(in: .whitespaces))
    }
}
