/// Where a key is pressed; each has its own bindings.
public enum KeyContext: String, Sendable, CaseIterable {
    case index, sidebar, pager, attachments, compose, help

    public var title: String {
        switch self {
        case .index: return "Message index"
        case .sidebar: return "Folder list"
        case .pager: return "Pager"
        case .attachments: return "Attachments (the message's parts)"
        case .compose: return "Compose (after the editor)"
        case .help: return "Help"
        }
    }
}
