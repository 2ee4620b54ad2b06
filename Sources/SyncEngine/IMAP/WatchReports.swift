import Foundation

/// What folder watchers reported, waiting for the thread that syncs: watchers post
/// from their threads, the syncing thread takes them in order.
final class WatchReports: @unchecked Sendable {
    private let condition = NSCondition()
    private var reports: [(folder: String, report: FolderWatcher.Report)] = []

    func post(_ folder: String, _ report: FolderWatcher.Report) {
        condition.withLock {
            reports.append((folder, report))
            condition.broadcast()
        }
    }

    /// The reports so far, in order, waiting at most `timeout` seconds for the first.
    func take(waitingAtMost timeout: TimeInterval) -> [(folder: String, report: FolderWatcher.Report)] {
        let deadline = Date().addingTimeInterval(timeout)
        return condition.withLock {
            while reports.isEmpty, condition.wait(until: deadline) {}
            defer { reports = [] }
            return reports
        }
    }
}
