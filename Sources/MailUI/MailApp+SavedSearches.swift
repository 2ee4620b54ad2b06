import Foundation
import MailMessage
import MailStore
import MerleConfig

/// Saved searches (`[[search]]`) as folders: listed above the accounts with their total
/// and unread counts over every account, opened with Enter like a folder. Their messages
/// are the index's rows as any search's are, so every action on messages works there.
extension MailApp {
    /// The sidebar's rows for the saved searches, counted now.
    func savedSearchSummaries() -> [SavedSearchSummary] {
        // With more than one account, "All inboxes" comes first, built in.
        let accountCount = Set(folderList.folders.map(\.account)).count
        let builtIn = accountCount > 1 && !savedSearches.contains { $0.name.lowercased() == Self.allInboxes.name.lowercased() }
        return ((builtIn ? [Self.allInboxes] : []) + savedSearches).map { search in
            var summary = SavedSearchSummary(name: search.name, query: search.query)
            if let all = try? SearchQuery(search.query, folderId: nil, timeZone: formatter.timeZone),
               let unread = try? SearchQuery(search.query + " is:unread", folderId: nil, timeZone: formatter.timeZone) {
                summary.total = (try? store.messageCount(all.query)) ?? 0
                summary.unread = (try? store.messageCount(unread.query)) ?? 0
            }
            return summary
        }
    }

    /// The built-in saved search of every account's INBOX.
    static let allInboxes = SavedSearch(name: "All inboxes", query: "in:inbox")

    /// Counts the saved searches again (mail came, went or changed flags).
    func recountSavedSearches() {
        guard !savedSearches.isEmpty || !folderList.sidebar.searches.isEmpty
                || Set(folderList.folders.map(\.account)).count > 1 else { return }
        folderList.sidebar.update(searches: savedSearchSummaries())
    }

    /// `:save-search NAME`: the search the index shows (`/`) kept under NAME, added to
    /// the config file as a `[[search]]` table and to the sidebar.
    func saveSearch(named name: String) throws {
        guard let search, openSavedSearchName == nil else {
            throw ComposeFailure(openSavedSearchName == nil ? "search first (/), then :save-search NAME keeps that search"
                                                            : "this is already the saved search \(openSavedSearchName!)")
        }
        guard let configPath else { throw ComposeFailure("there is no config file to save the search in") }
        let saved = SavedSearch(name: name, query: search.text)
        let configuration = try ConfigLoader.appendSearch(saved, toFile: configPath)
        savedSearches = configuration.searches
        info = DisplaySanitizer.sanitizeLine("Saved the search as \"\(name)\" (in the sidebar, and in \(configPath)).")
    }

    /// Opens a saved search like a folder: its messages from every account, in the
    /// index's order; Esc goes back to the folder open before.
    func openSavedSearch(_ search: SavedSearchSummary) throws {
        let parsed = try SearchQuery(search.query, folderId: nil, timeZone: formatter.timeZone)
        var query = parsed.query
        query.oldestFirst = index.query.oldestFirst
        query.sort = index.query.sort
        var window = IndexWindow(query: query)
        try window.load(from: store)
        index = window
        indexScreen.search = parsed
        openSavedSearchName = search.name
        folderList.sidebar.select(searchNamed: search.name)
        info = window.total == 0 ? "No messages match the saved search \(DisplaySanitizer.sanitizeLine(search.name))." : nil
    }
}
