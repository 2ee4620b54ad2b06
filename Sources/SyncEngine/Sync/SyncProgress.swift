import Foundation

/// Work in progress, typed: what step of which account, how far. The one place its
/// words and its bar are made, for the reader's status line and `merle sync`'s line.
public struct SyncProgress: Sendable, Equatable {
    /// What is being done.
    public enum Step: Sendable, Equatable {
        /// New messages' headers (or whole messages) stored in a folder.
        case headers(folder: String)
        /// Bodies downloaded in a folder.
        case bodies(folder: String)
        /// Offline changes applied on the server.
        case offlineChanges
        /// POP3 messages downloaded.
        case downloading
        /// Outbox messages sent.
        case sending
        /// Downloaded bodies added to the search index.
        case indexing
        /// Search rows of deleted messages removed.
        case tidyingSearch
        /// Deleted messages' bytes given back (`done` and `total` in megabytes).
        case compacting
        /// Messages of a Maildir imported into a folder.
        case importing(folder: String)
        /// An mbox imported into a folder (`done` and `total` in megabytes).
        case importingMegabytes(folder: String)
        /// Messages of a folder written to a Maildir or an mbox.
        case exporting(folder: String)
    }

    /// The account, or nil for store-wide work.
    public var account: String?
    public var step: Step
    public var done: Int
    public var total: Int

    public init(account: String?, step: Step, done: Int, total: Int) {
        self.account = account
        self.step = step
        self.done = done
        self.total = total
    }

    /// "work: INBOX: headers 120 of 900".
    public var text: String {
        let what: String
        switch step {
        case let .headers(folder): what = "\(folder): headers \(done) of \(total)"
        case let .bodies(folder): what = "\(folder): bodies \(done) of \(total)"
        case .offlineChanges: what = "offline changes \(done) of \(total)"
        case .downloading: what = "downloading \(done) of \(total)"
        case .sending: what = "sending \(done) of \(total)"
        case .indexing: what = "indexing for search: \(done) of \(total)"
        case .tidyingSearch: what = "tidying the search index: \(done) of \(total)"
        case .compacting: what = "compacting the message store: \(done) of \(total) MB"
        case let .importing(folder): what = "\(folder): importing \(done) of \(total)"
        case let .importingMegabytes(folder): what = "\(folder): importing \(done) of \(total) MB"
        case let .exporting(folder): what = "\(folder): exporting \(done) of \(total)"
        }
        return account.map { "\($0): \(what)" } ?? what
    }

    /// `[####......]`, `width` places filled in proportion.
    public func bar(width: Int) -> String {
        let filled = total > 0 ? min(width, done * width / total) : 0
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }
}
