import Foundation
import MailStore

/// What `merle sync` and `merle search` do for the search index, whose upkeep waits in
/// two queues (see `MailStore+SearchIndex`): rows of deleted messages to remove, and
/// downloaded bodies to index; and, after a sync, for the body packs, whose deleted
/// messages' space comes back by compaction (`MailStore.compactBodyPacks`).
enum StoreUpkeep {
    /// Deleted messages' rows are removed at the end of a sync once this many wait
    /// (each costs a few milliseconds; the reader's engine removes them as it goes).
    static let staleRowsToTidy = 2_000
    /// A sync indexes the bodies it downloaded unless more than this many wait (a first
    /// sync of a big folder): those are left to the reader's background indexing or the
    /// next `merle search`, so the mail is readable sooner.
    static let bodiesIndexedBySync = 1_000

    /// The end of `merle sync`.
    static func afterSync(_ store: MailStore) throws {
        var shown = false
        let compacted = try store.compactBodyPacks { moved, total in
            Progress.show("compacting the message store: \(moved >> 20) of \(total >> 20) MB")
            shown = true
        }
        if shown { Progress.finish() }
        if compacted.packsRemoved > 0 {
            print("message store: \(compacted.bytesFreed >> 20) MB of deleted messages given back to the disk")
        }
        let stale = try store.staleSearchRows()
        if stale >= staleRowsToTidy {
            var left = stale
            while left > 0 {
                Progress.show("tidying the search index: \(stale - left) of \(stale)")
                left = try store.purgeSearchIndex(limit: 500)
            }
            Progress.finish()
        }
        let pending = try store.pendingSearchBodies()
        if pending > bodiesIndexedBySync {
            print("search index: \(pending) downloaded messages wait to be indexed; the reader indexes them in the background, or the next merle search does")
        } else if pending > 0 {
            try indexPending(store)
        }
    }

    /// After a watched folder's sync (`merle sync --watch`): the few bodies it brought,
    /// without a progress line, and the packs' deleted space once there is enough of it.
    /// A failure is said; the work waits for the next sync.
    static func afterWatchedSync(_ store: MailStore, say: (String) -> Void) {
        do {
            let compacted = try store.compactBodyPacks()
            if compacted.packsRemoved > 0 {
                say("message store: \(compacted.bytesFreed >> 20) MB of deleted messages given back to the disk")
            }
        } catch {
            say("warning: compacting the message store failed: \(StoreError.explain(error)); the next sync tries again")
        }
        do {
            let pending = try store.pendingSearchBodies()
            guard pending > 0, pending <= bodiesIndexedBySync else { return }
            try store.indexPendingBodies(limit: bodiesIndexedBySync)
        } catch {
            say("warning: indexing for search failed: \(StoreError.explain(error)); merle search tries again")
        }
    }

    /// Indexes every waiting body, newest first, with progress on a terminal.
    static func indexPending(_ store: MailStore) throws {
        let total = try store.pendingSearchBodies()
        var left = total
        while left > 0 {
            Progress.show("indexing for search: \(total - left) of \(total)")
            let before = left
            left = try store.indexPendingBodies(limit: 200, parallel: true)
            // The queue stops shrinking only when a body cannot be read now (no room for
            // its temporary copy) or another writer keeps changing the same messages.
            if left >= before { break }
        }
        Progress.finish()
    }
}
