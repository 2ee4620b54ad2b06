/// A folder with its counts, as `merle folders` and the sidebar show it.
public struct FolderSummary: Sendable, Equatable, Codable {
    public var account: String
    public var folderId: Int64
    public var name: String
    /// The special-use role without its backslash, e.g. `sent`, or nil.
    public var role: String?
    public var total: Int
    public var unread: Int
}
