import Terminal

/// Key bindings per context: mutt-like defaults with vi motion. Keys that work
/// everywhere (Ctrl-L, Ctrl-Z, Ctrl-C) are in `global`.
public struct Keymap: Sendable {
    public var bindings: [KeyContext: [(Key, UIAction)]]
    public var global: [(Key, UIAction)]

    public init(bindings: [KeyContext: [(Key, UIAction)]], global: [(Key, UIAction)]) {
        self.bindings = bindings
        self.global = global
    }

    /// The action for `key` in `context`, if any.
    public func action(for key: Key, in context: KeyContext) -> UIAction? {
        if let match = bindings[context]?.first(where: { $0.0 == key }) { return match.1 }
        return global.first { $0.0 == key }?.1
    }

    /// Keys bound to each action in a context, in binding order (for the help screen).
    public func keysByAction(in context: KeyContext) -> [(UIAction, [Key])] {
        var order: [UIAction] = []
        var keys: [UIAction: [Key]] = [:]
        for (key, action) in bindings[context] ?? [] {
            if keys[action] == nil { order.append(action) }
            keys[action, default: []].append(key)
        }
        return order.map { ($0, keys[$0]!) }
    }

    private static func c(_ text: Character) -> Key { .character(text) }

    /// The defaults.
    public static let standard = Keymap(
        bindings: [
            .index: [
                (c("j"), .moveDown), (.down, .moveDown), (c("k"), .moveUp), (.up, .moveUp),
                (.pageDown, .pageDown), (c("z"), .pageDown), (.ctrl("f"), .pageDown), (c(" "), .pageDown),
                (.pageUp, .pageUp), (c("Z"), .pageUp), (.ctrl("b"), .pageUp),
                (.ctrl("d"), .halfPageDown), (.ctrl("u"), .halfPageUp),
                (c("g"), .first), (.home, .first), (c("G"), .last), (.end, .last),
                (.enter, .open), (c("l"), .open), (.right, .open),
                (c("/"), .search), (.escape, .clearSearch),
                (.tab, .focusSidebar), (c("c"), .focusSidebar), (c("B"), .toggleSidebar), (c("o"), .toggleSort), (c("S"), .cycleSort),
                (c("N"), .toggleRead), (c("F"), .toggleFlag), (c("d"), .delete), (c("a"), .archive),
                (c("s"), .moveTo), (c("C"), .copyTo), (c("$"), .syncNow), (c("O"), .toggleOffline),
                (c("m"), .compose), (c("r"), .reply), (c("R"), .replyAll), (c("L"), .listReply), (c("f"), .forward), (c("E"), .editDraft),
                (c("b"), .bounce), (c("U"), .unsubscribe), (c("W"), .saveMessage), (c("|"), .pipe),
                (c("t"), .toggleTag), (c("T"), .untagAll), (c("u"), .undo), (c("V"), .toggleThreads), (c("-"), .toggleThread), (c(":"), .commandLine),
                (c("?"), .help), (c("q"), .quit),
            ],
            .sidebar: [
                (c("j"), .moveDown), (.down, .moveDown), (c("k"), .moveUp), (.up, .moveUp),
                (c("g"), .first), (.home, .first), (c("G"), .last), (.end, .last),
                (.enter, .openFolder), (c("l"), .openFolder), (.right, .openFolder),
                (.tab, .focusIndex), (.escape, .focusIndex), (c("h"), .focusIndex), (.left, .focusIndex),
                (c("B"), .toggleSidebar), (c("?"), .help), (c("q"), .quit),
            ],
            .pager: [
                (c("j"), .moveDown), (.down, .moveDown), (.enter, .moveDown), (c("k"), .moveUp), (.up, .moveUp),
                (c(" "), .pageDown), (.pageDown, .pageDown), (.ctrl("f"), .pageDown),
                (c("-"), .pageUp), (.pageUp, .pageUp), (.ctrl("b"), .pageUp),
                (.ctrl("d"), .halfPageDown), (.ctrl("u"), .halfPageUp),
                (c("g"), .first), (.home, .first), (c("G"), .last), (.end, .last),
                (c("J"), .nextMessage), (c("n"), .nextMessage), (c("K"), .previousMessage), (c("p"), .previousMessage),
                (c("q"), .back), (c("i"), .back), (c("h"), .back), (.left, .back), (.escape, .back),
                (c("N"), .toggleRead), (c("F"), .toggleFlag), (c("d"), .delete), (c("a"), .archive),
                (c("s"), .moveTo), (c("C"), .copyTo), (c("$"), .syncNow),
                (c("m"), .compose), (c("r"), .reply), (c("R"), .replyAll), (c("L"), .listReply), (c("f"), .forward), (c("E"), .editDraft),
                (c("b"), .bounce), (c("U"), .unsubscribe), (c("W"), .saveMessage), (c("|"), .pipe),
                (c("w"), .saveAttachment), (c("v"), .openAttachment), (c("u"), .undo),
                (c("?"), .help),
            ],
            .compose: [
                (c("j"), .moveDown), (.down, .moveDown), (c("k"), .moveUp), (.up, .moveUp),
                (c("y"), .send), (c("d"), .saveDraft), (c("e"), .editMessage), (c("a"), .attachFile), (c("D"), .detachFile),
                (.enter, .editField), (c("q"), .discard), (c("?"), .help),
            ],
            .help: [
                (c("j"), .moveDown), (.down, .moveDown), (c("k"), .moveUp), (.up, .moveUp),
                (c(" "), .pageDown), (.pageDown, .pageDown), (.pageUp, .pageUp), (c("-"), .pageUp),
                (c("g"), .first), (c("G"), .last),
                (c("q"), .back), (c("?"), .back), (.escape, .back),
            ],
        ],
        global: [
            (.ctrl("l"), .redraw), (.ctrl("z"), .suspend), (.ctrl("c"), .quit), (.resize, .redraw),
        ])
}
