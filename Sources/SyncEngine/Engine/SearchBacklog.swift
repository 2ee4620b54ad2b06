import Foundation
import MailStore

/// The engine's side of the search index's queue (bodies downloaded but not yet
/// indexed, see `MailStore.indexPendingBodies`): it indexes a step at a time between
/// commands, newest first, and shows how far it got on the status line.
struct SearchBacklog {
    let store: MailStore
    /// Messages per step: about 50 ms of work, so a key press never waits long.
    static let stepSize = 100
    private(set) var waiting = false
    private var total = 0
    private var done = 0
    /// The queue's length as last counted or left by a step (only this thread's syncs
    /// and commands add to it, and each is followed by `recount`).
    private var left = 0

    init(store: MailStore) {
        self.store = store
        recount()
    }

    /// Looks at the queue again (after a sync added to it).
    mutating func recount() {
        left = (try? store.pendingSearchBodies()) ?? 0
        waiting = left > 0
        total = max(total, done + left)
    }

    /// Indexes one step; reports progress, and the end once the queue is empty.
    mutating func step(_ events: (EngineEvent) -> Void) {
        do {
            let before = left
            left = try store.indexPendingBodies(limit: Self.stepSize)
            done += max(0, before - left)
            total = max(total, done + left)
            // A step that indexed nothing (a body that cannot be read now) waits for the next sync.
            waiting = left > 0 && left < before
            if left > 0, !waiting {
                events(.failed("indexing for search stopped with \(left) message\(left == 1 ? "" : "s") left; the next sync tries again"))
            } else if waiting {
                events(.progress(SyncProgress(account: nil, step: .indexing, done: done, total: total)))
            } else {
                // Only a backlog long enough to have shown progress says it is over.
                if total > Self.stepSize { events(.done("Search index up to date (\(MailEngine.count(done, "message")) indexed).")) }
                (done, total) = (0, 0)
            }
        } catch {
            // A failing index must not stop the engine; the queue stays for the next try.
            waiting = false
            events(.failed("indexing for search failed: \(StoreError.explain(error)); searches may miss recent bodies until the next sync"))
        }
    }
}
