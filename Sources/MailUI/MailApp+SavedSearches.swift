import Foundation
import MailMessage
import MailStore
import MerleConfig

/// Saved searches (`[[search]]`) as folders: listed above the accounts with their total
/// and unread counts over every account, opened with Enter like a folder. Their messages
/// are the index's rows as any search's are, so every action on messages works there.
extension MailApp {
    /// The sidebar's rows for the saved searches. Each is counted now unless `deferring`:
    /// then only those the kept per-folder counts answer ("All inboxes", `is:unread`:
    /// a row per folder) are, and the others keep their last counts and are left to
    /// `tick` (`savedSearchRecountDue`).
    /// With `newOnesUncounted`, those not listed before are left uncounted too (the
    /// reader's start: counted on another thread, not before the first screen).
    func savedSearchSummaries(deferring: Bool = false, newOnesUncounted: Bool = false) -> [SavedSearchSummary] {
        // With more than one account, "All inboxes" comes first, built in.
        let accountCount = Set(folderList.folders.map(\.account)).count
        let builtIn = accountCount > 1 && !savedSearches.contains { $0.name.lowercased() == Self.allInboxes.name.lowercased() }
        let shown = Dictionary(folderList.sidebar.searches.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return ((builtIn ? [Self.allInboxes] : []) + savedSearches).map { search in
            let summary = SavedSearchSummary(name: search.name, query: search.query)
            guard let parsed = try? SearchQuery(search.query, folderId: nil, timeZone: formatter.timeZone) else { return summary }
            if deferring, !parsed.query.isCountedPerFolder {
                if let old = shown[search.name], old.query == search.query { return old }
                if newOnesUncounted { return SavedSearchSummary(name: search.name, query: search.query, counted: false) }
            }
            return Self.counted([summary], store: store, timeZone: formatter.timeZone)[0]
        }
    }

    /// `summaries` counted again, on any thread (one query gives total and unread).
    static func counted(_ summaries: [SavedSearchSummary], store: MailStore, timeZone: TimeZone) -> [SavedSearchSummary] {
        summaries.map { summary in
            var summary = summary
            if let parsed = try? SearchQuery(summary.query, folderId: nil, timeZone: timeZone),
               let counts = try? store.messageCounts(parsed.query) {
                (summary.total, summary.unread) = counts
                summary.counted = true
            }
            return summary
        }
    }

    /// The built-in saved search of every account's INBOX.
    static let allInboxes = SavedSearch(name: "All inboxes", query: "in:inbox")

    /// How long after a change of mail the saved searches that must be counted over their
    /// matches are counted again: the changes of a burst (a sync's batches, flags set on
    /// many messages) are counted once, and never on the key that made them.
    static let savedSearchRecountDelay: TimeInterval = 1

    /// Counts the saved searches again (mail came, went or changed flags): at once those
    /// the kept folder counts answer; the rest in `tick`, once the delay is over.
    func recountSavedSearches(now: Date = Date()) {
        guard !savedSearches.isEmpty || !folderList.sidebar.searches.isEmpty
                || Set(folderList.folders.map(\.account)).count > 1 else { return }
        folderList.sidebar.update(searches: savedSearchSummaries(deferring: true))
        let deferred = folderList.sidebar.searches.contains { summary in
            (try? SearchQuery(summary.query, folderId: nil, timeZone: formatter.timeZone))?.query.isCountedPerFolder == false
        }
        if deferred, savedSearchRecountDue == nil { savedSearchRecountDue = now.addingTimeInterval(Self.savedSearchRecountDelay) }
    }

    /// The deferred recount, when it is due (`tick`), and the counts it made when they
    /// come back. With `wake` set (the reader's loop) the searches are counted on another
    /// thread and shown on the tick after it wakes the loop, so the UI thread never waits
    /// for them; without (tests, the benchmark) they are counted here. Returns whether
    /// the sidebar changed.
    func recountSavedSearchesIfDue(now: Date) -> Bool {
        var changed = false
        if let counted = countedInBackground.take() {
            savedSearchCountRunning = false
            // Only for the searches still listed as they were when counted.
            let fresh = Dictionary(counted.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            let merged = folderList.sidebar.searches.map { shown in fresh[shown.name].flatMap { $0.query == shown.query ? $0 : nil } ?? shown }
            if merged != folderList.sidebar.searches {
                folderList.sidebar.update(searches: merged)
                changed = true
            }
        }
        guard let due = savedSearchRecountDue, now >= due, !savedSearchCountRunning else { return changed }
        savedSearchRecountDue = nil
        guard let wake else {
            folderList.sidebar.update(searches: savedSearchSummaries())
            return true
        }
        let waiting = folderList.sidebar.searches.filter { summary in
            (try? SearchQuery(summary.query, folderId: nil, timeZone: formatter.timeZone))?.query.isCountedPerFolder == false
        }
        let (store, timeZone, box) = (store, formatter.timeZone, countedInBackground)
        savedSearchCountRunning = true
        DispatchQueue.global(qos: .utility).async {
            box.put(Self.counted(waiting, store: store, timeZone: timeZone))
            wake()
        }
        return changed
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
        let window = try show(try SearchQuery(search.query, folderId: nil, timeZone: formatter.timeZone))
        openSavedSearchName = search.name
        folderList.sidebar.select(searchNamed: search.name)
        info = window.total == 0 ? "No messages match the saved search \(DisplaySanitizer.sanitizeLine(search.name))." : nil
    }

    /// Shows `parsed`'s messages in the index, in the order the index had; the window.
    @discardableResult
    func show(_ parsed: SearchQuery) throws -> IndexWindow {
        var query = parsed.query
        query.oldestFirst = index.query.oldestFirst
        query.sort = index.query.sort
        var window = IndexWindow(query: query)
        try window.load(from: store)
        index = window
        indexScreen.search = parsed
        return window
    }
}
