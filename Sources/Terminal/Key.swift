/// One decoded key press (or a terminal event that arrives like one: resize, mouse).
public enum Key: Sendable, Hashable, CustomStringConvertible {
    /// A printable character, as typed (`"j"`, `"G"`, `"é"`, `"語"`).
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end, insert, delete
    /// F1…F24.
    case function(Int)
    /// Alt (Meta) with a character: ESC followed by the character.
    case alt(Character)
    /// Control with a letter, lower case: Ctrl-A is `.ctrl("a")`.
    case ctrl(Character)
    case enter, tab, backTab, backspace, escape
    /// The terminal changed size; the screen's `size` is already updated.
    case resize
    case mouse(MouseEvent)

    /// How the help screen and key bindings spell the key.
    public var description: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let character): return String(character)
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .insert: return "Insert"
        case .delete: return "Delete"
        case .function(let number): return "F\(number)"
        case .alt(let character): return "Alt-\(character)"
        case .ctrl(let character): return "Ctrl-\(character.uppercased())"
        case .enter: return "Enter"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .escape: return "Esc"
        case .resize: return "Resize"
        case .mouse(let event): return "Mouse(\(event.action))"
        }
    }
}
