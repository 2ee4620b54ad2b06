import MailStore

/// One row of the sidebar: an account heading, a folder, or a label for a folder path
/// level that is not itself a folder (e.g. `Lists` above `Lists/swift-dev`).
public struct SidebarEntry: Sendable, Equatable {
    /// What the row stands for.
    public enum Kind: Sendable, Equatable {
        case account(String)
        case folder(FolderSummary)
        case label
    }

    public var kind: Kind
    /// The text shown, already sanitised, without indentation.
    public var title: String
    public var depth: Int

    /// Whether Enter can open it.
    public var isFolder: Bool {
        if case .folder = kind { return true }
        return false
    }

    public var folder: FolderSummary? {
        if case .folder(let summary) = kind { return summary }
        return nil
    }
}
