import MailStore

/// A saved search (`[[search]]`) as the sidebar lists it: its counts over every account.
public struct SavedSearchSummary: Sendable, Equatable {
    public var name: String
    public var query: String
    public var total: Int
    public var unread: Int
    /// False until its counts are made (a search over the full-text index, counted on
    /// another thread when the reader starts): the sidebar shows "…" meanwhile.
    public var counted: Bool

    public init(name: String, query: String, total: Int = 0, unread: Int = 0, counted: Bool = true) {
        self.name = name
        self.query = query
        self.total = total
        self.unread = unread
        self.counted = counted
    }
}

/// One row of the sidebar: an account heading, a folder, or a label for a folder path
/// level that is not itself a folder (e.g. `Lists` above `Lists/swift-dev`); above the
/// accounts, the saved searches under their own heading.
public struct SidebarEntry: Sendable, Equatable {
    /// What the row stands for.
    public enum Kind: Sendable, Equatable {
        case account(String)
        case folder(FolderSummary)
        case label
        /// The heading above the saved searches.
        case searchesHeading
        case search(SavedSearchSummary)
    }

    public var kind: Kind
    /// The text shown, already sanitised, without indentation.
    public var title: String
    public var depth: Int

    /// Whether Enter can open it (a folder or a saved search).
    public var isFolder: Bool {
        switch kind {
        case .folder, .search: return true
        default: return false
        }
    }

    public var savedSearch: SavedSearchSummary? {
        if case .search(let summary) = kind { return summary }
        return nil
    }

    public var folder: FolderSummary? {
        if case .folder(let summary) = kind { return summary }
        return nil
    }
}
