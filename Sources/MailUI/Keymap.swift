import MerleConfig
import Terminal

/// Key bindings per context: mutt-like defaults with vi motion. Keys that work
/// everywhere (Ctrl-L, Ctrl-Z, Ctrl-C) are in `global`.
public struct Keymap: Sendable {
    public var bindings: [KeyContext: [(Key, UIAction)]]
    public var global: [(Key, UIAction)]
    /// Keys bound to several steps (`Macro`), from the config; they win over bindings.
    public var macros: [KeyContext: [(Key, Macro)]] = [:]
    /// The key set these defaults came from (the help screen says which).
    public var keySet: KeySet = .merle

    public init(bindings: [KeyContext: [(Key, UIAction)]], global: [(Key, UIAction)]) {
        self.bindings = bindings
        self.global = global
    }

    /// The macro for `key` in `context`, if one is bound.
    public func macro(for key: Key, in context: KeyContext) -> Macro? {
        if let macro = macros[context]?.first(where: { $0.0 == key })?.1 { return macro }
        // A key the context binds to an action shadows its parent's macro.
        if bindings[context]?.contains(where: { $0.0 == key }) == true { return nil }
        return context.parent.flatMap { macro(for: key, in: $0) }
    }

    /// The action for `key` in `context`, if any.
    public func action(for key: Key, in context: KeyContext) -> UIAction? {
        if let match = bindings[context]?.first(where: { $0.0 == key }) { return match.1 }
        if let parent = context.parent, macros[context]?.contains(where: { $0.0 == key }) != true {
            return action(for: key, in: parent)
        }
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

    /// The defaults of a key set (`[general] keys`).
    public static func defaults(_ set: KeySet) -> Keymap {
        switch set {
        case .merle: return standard
        case .mutt: return mutt
        }
    }

    func inSet(_ set: KeySet) -> Keymap {
        var result = self
        result.keySet = set
        return result
    }

    /// This keymap with some keys of a context bound anew, each in the place it had (so
    /// the help screen keeps its order), new keys after the others.
    func rebinding(_ context: KeyContext, _ changes: [(Key, UIAction)]) -> Keymap {
        var result = self
        var list = result.bindings[context] ?? []
        for (key, action) in changes {
            if let position = list.firstIndex(where: { $0.0 == key }) {
                list[position] = (key, action)
            } else {
                list.append((key, action))
            }
        }
        result.bindings[context] = list
        return result
    }

    /// NeoMutt's defaults where they differ from Merle's: `g` group reply, `l` limit, `h`
    /// all headers, `v` the attachment list, `o` sort, `O` reverse sort (`|` pipe, `b`
    /// bounce and `L` list reply are the same in both). Merle's own actions on those keys
    /// move to keys NeoMutt leaves free: first is `=` in the index and `^` in the pager
    /// (Home in both), opening is Enter, going back from the pager `q`, `i` or Left,
    /// working offline Ctrl-O.
    public static let mutt = standard.inSet(.mutt)
        .rebinding(.index, [(c("g"), .replyAll), (c("l"), .limit), (c("h"), .allHeaders), (c("v"), .attachments),
                            (c("o"), .cycleSort), (c("O"), .toggleSort), (c("="), .first), (.ctrl("o"), .toggleOffline)])
        .rebinding(.pager, [(c("g"), .replyAll), (c("h"), .allHeaders), (c("v"), .attachments), (c("^"), .first)])

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
                (c("A"), .attachments), (c("H"), .allHeaders),
                (c("t"), .toggleTag), (c("T"), .tagPattern), (.ctrl("t"), .untagAll), (c("u"), .undo), (c("V"), .toggleThreads), (c("-"), .toggleThread), (c(":"), .commandLine),
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
                (c("w"), .saveAttachment), (c("v"), .openAttachment), (c("A"), .attachments), (c("H"), .allHeaders), (c("u"), .undo),
                (c("c"), .conversation), (c("?"), .help),
            ],
            // Over the pager's keys on a calendar invitation; A is the part list elsewhere,
            // so here the parts (to save or pipe the .ics) are on P.
            .invitation: [
                (c("A"), .acceptInvitation), (c("T"), .tentativeInvitation), (c("D"), .declineInvitation), (c("P"), .attachments),
            ],
            .conversation: [
                (.enter, .toggleQuote),
            ],
            .attachments: [
                (c("j"), .moveDown), (.down, .moveDown), (c("k"), .moveUp), (.up, .moveUp),
                (c("g"), .first), (.home, .first), (c("G"), .last), (.end, .last),
                (.enter, .openAttachment), (c("v"), .openAttachment), (c("w"), .saveAttachment), (c("s"), .saveAttachment), (c("|"), .pipe),
                (c("q"), .back), (.escape, .back), (.left, .back), (c("?"), .help),
            ],
            .compose: [
                (c("j"), .moveDown), (.down, .moveDown), (c("k"), .moveUp), (.up, .moveUp),
                (c("y"), .send), (c("L"), .sendLater), (c("d"), .saveDraft), (c("e"), .editMessage), (c("a"), .attachFile), (c("D"), .detachFile),
                (c("s"), .toggleSign), (c("x"), .toggleEncrypt), (c("c"), .toggleCryptoFormat),
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
