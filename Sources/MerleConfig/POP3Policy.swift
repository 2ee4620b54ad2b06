/// What happens to mail on a POP3 server after Merle has downloaded it. Leaving it
/// on the server is the default: deleting is opt-in.
public struct POP3Policy: Sendable, Equatable {
    /// Delete each message from the server as soon as it is safely in the store.
    public var deleteAfterDownload: Bool
    /// Delete messages from the server this many days after they were downloaded.
    public var deleteAfterDays: Int?
    /// Delete a message from the server once the user has deleted it locally.
    public var deleteWhenDeletedLocally: Bool

    public init(deleteAfterDownload: Bool = false, deleteAfterDays: Int? = nil, deleteWhenDeletedLocally: Bool = false) {
        self.deleteAfterDownload = deleteAfterDownload
        self.deleteAfterDays = deleteAfterDays
        self.deleteWhenDeletedLocally = deleteWhenDeletedLocally
    }

    /// Keys of `[account.pop3]` that set this policy.
    static let keys = ["delete_after_download", "delete_after_days", "delete_when_deleted_locally"]
}
