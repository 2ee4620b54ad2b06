/// Which default key bindings the reader starts from (`[general] keys`): Merle's own,
/// or NeoMutt's where they differ (`g` group reply, `l` limit, `h` all headers, `v`
/// attachments, `o`/`O` sort, `|` pipe, `b` bounce …). `[keys.CONTEXT]` tables apply on
/// top of either.
public enum KeySet: String, Sendable, Equatable, CaseIterable {
    case merle
    case mutt
}

/// How text/html is turned into text for reading (`html_viewer`, in `[general]` or an
/// account): the built-in converter (the default), the first `copiousoutput` entry for
/// text/html in the user's mailcap, or a command that reads the HTML on its standard
/// input (or from the file `%s` names) and prints text, e.g. `w3m -dump -T text/html`.
public enum HTMLViewer: Sendable, Equatable {
    case builtIn
    case mailcap
    case command(String)

    /// Reads the config spelling: `builtin`, `mailcap`, or a command.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch trimmed.lowercased() {
        case "": return nil
        case "builtin", "built-in": self = .builtIn
        case "mailcap": self = .mailcap
        default: self = .command(trimmed)
        }
    }
}
