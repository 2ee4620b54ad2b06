import Foundation

/// Saved-search counts made off the UI thread, waiting for the reader's next `tick` to
/// show them: the counting thread puts them, the UI thread takes them.
final class CountedSearches: @unchecked Sendable {
    private let lock = NSLock()
    private var counted: [SavedSearchSummary]?

    func put(_ summaries: [SavedSearchSummary]) {
        lock.withLock { counted = summaries }
    }

    /// The counts waiting, removed; nil when none are.
    func take() -> [SavedSearchSummary]? {
        lock.withLock {
            defer { counted = nil }
            return counted
        }
    }
}
