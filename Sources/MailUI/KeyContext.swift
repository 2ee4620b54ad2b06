/// Where a key is pressed; each has its own bindings.
public enum KeyContext: String, Sendable, CaseIterable {
    case index, sidebar, pager, invitation, conversation, attachments, compose, help

    public var title: String {
        switch self {
        case .index: return "Message index"
        case .sidebar: return "Folder list"
        case .pager: return "Pager"
        case .invitation: return "Pager, on a calendar invitation (these first, then the pager's)"
        case .conversation: return "Conversation (these first, then the pager's scrolling keys)"
        case .attachments: return "Attachments (the message's parts)"
        case .compose: return "Compose (after the editor)"
        case .help: return "Help"
        }
    }

    /// The context whose bindings apply where this one has none: an invitation is
    /// still a message in the pager, and a conversation scrolls like one, so only their
    /// own few keys need binding.
    public var parent: KeyContext? {
        self == .invitation || self == .conversation ? .pager : nil
    }
}
