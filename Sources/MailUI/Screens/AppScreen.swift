import Terminal

/// Which kind of screen is on top of the reader.
public enum ScreenKind: Sendable, Equatable {
    case index, folderList, pager, help, prompt, confirmation, compose, text, attachments
}

/// One screen of the reader. Each owns its state and its keys; the app keeps them in a
/// stack (`MailApp.screens`), the message index at the bottom, and the top one has the
/// keys. A screen that covers the main area draws it; the others (prompts, questions)
/// use the bottom line over whatever is beneath them.
protocol AppScreen: AnyObject {
    var kind: ScreenKind { get }
    /// The bindings its keys are looked up in; nil when it reads every key itself.
    var keyContext: KeyContext? { get }
    /// Whether it draws the area between the title bar and the status line.
    var coversMainArea: Bool { get }
    /// An action its bindings gave (screens with a `keyContext`).
    func perform(_ action: UIAction, in app: MailApp) throws
    /// A key, for screens that read keys themselves (no `keyContext`).
    func handle(_ key: Key, in app: MailApp) throws
    /// Draws the main area (when `coversMainArea`).
    func draw(in app: MailApp)
    /// The key hints in the title bar.
    func titleHints(in app: MailApp) -> String
    /// The right end of the status line: where the user is.
    func position(in app: MailApp) -> String
    /// The bottom line, for screens that use it (prompts and questions); nil otherwise.
    func drawMessageLine(in app: MailApp) -> Bool
}

extension AppScreen {
    var keyContext: KeyContext? { nil }
    var coversMainArea: Bool { true }
    func perform(_ action: UIAction, in app: MailApp) throws {}
    func handle(_ key: Key, in app: MailApp) throws {}
    func draw(in app: MailApp) {}
    func titleHints(in app: MailApp) -> String { "" }
    func position(in app: MailApp) -> String { "" }
    func drawMessageLine(in app: MailApp) -> Bool { false }
}
