/// Keys by the names people write in a config file: the names `description` gives
/// ("Enter", "PgDn", "Ctrl-X", "Alt-x", "F5", "Space", "a") and the mutt-like "C-x" and
/// "M-x"; case matters only for single characters.
extension Key {
    public init?(name: String) {
        if name.count == 1, let character = name.first {
            self = .character(character)
            return
        }
        let lower = name.lowercased()
        for (prefix, make) in [("ctrl-", Key.ctrl), ("c-", Key.ctrl), ("^", Key.ctrl)] as [(String, (Character) -> Key)] {
            if lower.hasPrefix(prefix), lower.count == prefix.count + 1, let letter = lower.last, letter.isLetter {
                self = make(letter)
                return
            }
        }
        for prefix in ["alt-", "m-", "meta-"] where lower.hasPrefix(prefix) && name.count == prefix.count + 1 {
            self = .alt(name.last!)
            return
        }
        if lower.hasPrefix("f"), let number = Int(lower.dropFirst()), (1...24).contains(number) {
            self = .function(number)
            return
        }
        let named: [String: Key] = [
            "space": .character(" "), "up": .up, "down": .down, "left": .left, "right": .right,
            "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown, "home": .home, "end": .end,
            "insert": .insert, "delete": .delete, "enter": .enter, "return": .enter, "tab": .tab, "shift-tab": .backTab,
            "backtab": .backTab, "backspace": .backspace, "esc": .escape, "escape": .escape,
        ]
        guard let key = named[lower] else { return nil }
        self = key
    }
}
