/// Where a key is pressed; each has its own bindings.
public enum KeyContext: String, Sendable, CaseIterable {
    case index, sidebar, pager, invitation, attachments, compose, help

    public var title: String {
        switch self {
        case .index: return "Message index"
        case .sidebar: return "Folder list"
        case .pager: return "Pager"
        case .invitation: return "Pager, on a calendar invitation (these first, then the pager's)"
        case .attachments: return "Attachments (the message's parts)"
        case .compose: return "Compose (after the editor)"
        case .help: return "Help"
        }
    }

    /// The context whose bindings apply where this one has none: an invitation is
    /// still a message in the pager, so only its own few keys need binding.
    public var parent: KeyContext? {
        self == .invitation ? .pager : nil
    }
}
