/// What the terminal library hands over before decoding: a character code, a special
/// key code (ncurses `KEY_*`), or a mouse event already read with `getmouse`.
public enum RawInput: Sendable, Hashable {
    case character(UInt32)
    case keyCode(Int32)
    case mouse(MouseEvent)
}
