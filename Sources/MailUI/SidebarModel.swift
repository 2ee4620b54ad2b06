import MailMessage
import MailStore

/// The sidebar's tree: accounts, then each account's folders in the store's order (INBOX,
/// then the special-use folders, then the rest by name), nested by the hierarchy delimiter.
public struct SidebarModel: Sendable {
    public private(set) var entries: [SidebarEntry] = []
    /// The highlighted row (always a folder when there is one).
    public var selected = 0
    /// The saved searches listed above the accounts.
    public private(set) var searches: [SavedSearchSummary] = []
    private var delimiter: Character = "/"

    public init(folders: [FolderSummary], searches: [SavedSearchSummary] = [], delimiter: Character = "/") {
        self.searches = searches
        self.delimiter = delimiter
        if !searches.isEmpty {
            entries.append(SidebarEntry(kind: .searchesHeading, title: "Searches", depth: 0))
            for search in searches {
                entries.append(SidebarEntry(kind: .search(search), title: DisplaySanitizer.sanitizeLine(search.name), depth: 1))
            }
        }
        var lastAccount: String?
        var shownPrefixes: Set<String> = []
        for folder in folders {
            if folder.account != lastAccount {
                lastAccount = folder.account
                shownPrefixes = []
                entries.append(SidebarEntry(kind: .account(folder.account), title: DisplaySanitizer.sanitizeLine(folder.account), depth: 0))
            }
            let parts = folder.name.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
            // Labels for path levels that are not folders themselves.
            var prefix = ""
            for (level, part) in parts.dropLast().enumerated() {
                prefix += (level == 0 ? "" : String(delimiter)) + part
                let isFolder = folders.contains { $0.account == folder.account && $0.name == prefix }
                if !isFolder && shownPrefixes.insert(prefix).inserted {
                    entries.append(SidebarEntry(kind: .label, title: DisplaySanitizer.sanitizeLine(part), depth: level + 1))
                }
            }
            let title = folder.name.uppercased() == "INBOX" ? "Inbox" : parts.last ?? folder.name
            entries.append(SidebarEntry(kind: .folder(folder), title: DisplaySanitizer.sanitizeLine(title), depth: parts.count))
        }
        // A folder first (the reader opens it at the start), else a saved search.
        selected = entries.firstIndex { $0.folder != nil } ?? entries.firstIndex { $0.isFolder } ?? 0
    }

    /// Moves the highlight to the next (or previous) folder row, skipping headings.
    public mutating func move(by step: Int) {
        guard !entries.isEmpty else { return }
        var index = selected
        var remaining = abs(step)
        while remaining > 0 {
            var next = index + (step > 0 ? 1 : -1)
            while next >= 0, next < entries.count, !entries[next].isFolder { next += step > 0 ? 1 : -1 }
            guard next >= 0, next < entries.count else { break }
            index = next
            remaining -= 1
        }
        selected = index
    }

    /// Highlights the folder with this id, if shown.
    public mutating func select(folderId: Int64) {
        if let index = entries.firstIndex(where: { $0.folder?.folderId == folderId }) { selected = index }
    }

    /// The highlighted folder.
    public var selectedFolder: FolderSummary? {
        entries.indices.contains(selected) ? entries[selected].folder : nil
    }

    /// The highlighted saved search.
    public var selectedSearch: SavedSearchSummary? {
        entries.indices.contains(selected) ? entries[selected].savedSearch : nil
    }

    /// Highlights the saved search with this name, if listed.
    public mutating func select(searchNamed name: String) {
        if let index = entries.firstIndex(where: { $0.savedSearch?.name == name }) { selected = index }
    }

    /// Replaces the saved searches' counts (or the list), keeping the highlight.
    public mutating func update(searches: [SavedSearchSummary]) {
        let folders = entries.compactMap(\.folder)
        let (folder, search) = (selectedFolder?.folderId, selectedSearch?.name)
        self = SidebarModel(folders: folders, searches: searches, delimiter: delimiter)
        if let folder { select(folderId: folder) }
        if let search { select(searchNamed: search) }
    }

    /// Replaces one folder's counts; false when the folder is not listed (the caller then
    /// reads the whole list again).
    public mutating func update(folder: FolderSummary) -> Bool {
        guard let index = entries.firstIndex(where: { $0.folder?.folderId == folder.folderId }),
              entries[index].folder?.name == folder.name else { return false }
        entries[index].kind = .folder(folder)
        return true
    }

    /// Replaces the counts after a change, keeping the highlight on the same folder.
    public mutating func update(folders: [FolderSummary]) {
        let (current, search) = (selectedFolder?.folderId, selectedSearch?.name)
        self = SidebarModel(folders: folders, searches: searches, delimiter: delimiter)
        if let current { select(folderId: current) }
        if let search { select(searchNamed: search) }
    }
}
