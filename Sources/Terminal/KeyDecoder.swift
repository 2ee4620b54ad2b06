import CNcursesw

/// Turns raw terminal input into `Key`s. Pure and stateful only for the one thing that
/// needs it: ESC followed by a character is Alt+character, while ESC alone (after the
/// short escape delay, see `flush()`) is Escape.
public struct KeyDecoder: Sendable {
    private var pendingEscape = false

    public init() {}

    /// Whether an ESC is waiting for a possible second character.
    public var isWaitingAfterEscape: Bool { pendingEscape }

    /// Decodes one raw input; returns the keys it completes (0, 1 or 2 of them).
    public mutating func feed(_ input: RawInput) -> [Key] {
        if pendingEscape {
            pendingEscape = false
            if case .character(let code) = input, code != 0x1B, code >= 0x20, code != 0x7F,
               let scalar = Unicode.Scalar(code) {
                return [.alt(Character(scalar))]
            }
            if case .character(0x1B) = input { return [.escape, .escape] }
            return [.escape] + decode(input)
        }
        if case .character(0x1B) = input {
            pendingEscape = true
            return []
        }
        return decode(input)
    }

    /// Called when no more input came within the escape delay: a lone ESC is Escape.
    public mutating func flush() -> Key? {
        guard pendingEscape else { return nil }
        pendingEscape = false
        return .escape
    }

    /// Decodes input that needs no state.
    public static func decodeSingle(_ input: RawInput) -> Key? {
        var decoder = KeyDecoder()
        return decoder.feed(input).first ?? decoder.flush()
    }

    private func decode(_ input: RawInput) -> [Key] {
        switch input {
        case .mouse(let event):
            return [.mouse(event)]
        case .keyCode(let code):
            return Self.specialKey(code).map { [$0] } ?? []
        case .character(let code):
            switch code {
            case 0x0D, 0x0A: return [.enter]
            case 0x09: return [.tab]
            case 0x08, 0x7F: return [.backspace]
            case 0x1B: return [.escape]
            case 0x00: return [.ctrl(" ")]
            case 0x01...0x1A:
                return [.ctrl(Character(Unicode.Scalar(UInt8(code) + 0x60)))]
            case 0x1C...0x1F:
                return [.ctrl(Character(Unicode.Scalar(UInt8(code) + 0x40)))]
            case 0x80..<0xA0:
                return []
            default:
                guard let scalar = Unicode.Scalar(code) else { return [] }
                return [.character(Character(scalar))]
            }
        }
    }

    /// ncurses `KEY_*` codes; F-keys are `KEY_F0 + n`.
    static func specialKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_IC: return .insert
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_RESIZE: return .resize
        case (KEY_F0 + 1)...(KEY_F0 + 24): return .function(Int(code - KEY_F0))
        default: return nil
        }
    }
}
