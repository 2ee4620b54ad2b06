/// A `[[search]]` entry: a query in the search language, kept under a name, listed like
/// a folder (`merle list --search NAME`) across every account.
public struct SavedSearch: Sendable, Equatable {
    public var name: String
    /// The query, as the reader's `/` and `merle search` take it.
    public var query: String

    public init(name: String, query: String) {
        self.name = name
        self.query = query
    }

    static let keys = ["name", "query"]
}
