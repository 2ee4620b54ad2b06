import Foundation
import MailStore

/// What the store needs after a sync, in one place for the reader's engine, `merle
/// sync` and `merle sync --watch`: deleted messages' bytes given back by compacting the
/// body packs (`MailStore.compactBodyPacks`), search rows of deleted messages removed,
/// and downloaded bodies added to the search index (see `MailStore+SearchIndex`).
public enum StoreUpkeep {
    /// Deleted messages' search rows (each costs a few milliseconds to remove): a sync
    /// in the background removes a batch each time; `merle sync` leaves them until this
    /// many wait, then removes them all, so a quick resync stays quick.
    public static let staleRowsToTidy = 2_000
    /// Rows a background sync removes each time.
    public static let staleRowsPerSync = 200
    /// A sync indexes the bodies it downloaded unless more than this many wait (a first
    /// sync of a big folder): those are left to the background (the reader's engine, a
    /// `--watch`) or to the next `merle search`, so the mail is readable sooner.
    public static let bodiesIndexedBySync = 1_000

    /// Who does the slow part of the upkeep: indexing downloaded bodies, and removing a
    /// few deleted messages' search rows at a time.
    public enum Indexing: Sendable {
        /// Here and now, when at most `bodiesIndexedBySync` wait (`merle sync`).
        case now
        /// Not here: the caller indexes a step at a time between other work (the engine's
        /// `SearchBacklog`).
        case inBackground
    }

    /// The upkeep after a sync. Progress and what was done come as events; a failure is
    /// thrown after the rest was tried, and the work waits for the next sync.
    public static func afterSync(_ store: MailStore, indexing: Indexing, events: (EngineEvent) -> Void) throws {
        var failure: Error?
        do {
            let compacted = try store.compactBodyPacks { moved, total in
                events(.progress(SyncProgress(account: nil, step: .compacting, done: Int(moved >> 20), total: Int(total >> 20))))
            }
            if compacted.packsRemoved > 0 { events(.note(.compacted(megabytes: compacted.bytesFreed >> 20))) }
        } catch {
            failure = failure ?? error
        }
        do {
            let stale = try store.staleSearchRows()
            if stale >= staleRowsToTidy {
                var left = stale
                while left > 0 {
                    events(.progress(SyncProgress(account: nil, step: .tidyingSearch, done: stale - left, total: stale)))
                    left = try store.purgeSearchIndex(limit: 500)
                }
            } else if stale > 0, case .inBackground = indexing {
                _ = try store.purgeSearchIndex(limit: staleRowsPerSync)
            }
        } catch {
            failure = failure ?? error
        }
        if case .now = indexing {
            do {
                let pending = try store.pendingSearchBodies()
                if pending > bodiesIndexedBySync {
                    events(.note(.indexWaiting(count: pending)))
                } else if pending > 0 {
                    try indexPending(store, events: events)
                }
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
    }

    /// Indexes every waiting body, newest first, with progress (`merle search` does this
    /// before it searches).
    public static func indexPending(_ store: MailStore, events: (EngineEvent) -> Void) throws {
        let total = try store.pendingSearchBodies()
        var left = total
        while left > 0 {
            events(.progress(SyncProgress(account: nil, step: .indexing, done: total - left, total: total)))
            let before = left
            // 400 a transaction: FTS5 merges less than with 200 (9,700 bodies: 6.2-6.3 s
            // instead of 6.6-7.5) and the texts held stay within a sync's peak memory
            // (37 MB; 1,000 a transaction took 5.8 s and 44 MB).
            left = try store.indexPendingBodies(limit: 400, parallel: true)
            // The queue stops shrinking only when a body cannot be read now (no room for
            // its temporary copy) or another writer keeps changing the same messages.
            if left >= before { break }
        }
    }
}
