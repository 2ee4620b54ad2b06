import Foundation
import MailStore

/// Writes the mirror's batches to the store on its own serial queue while the sync
/// thread fetches the next batch, so network and parsing overlap. At most `depth`
/// batches wait, which bounds memory; batches are written in the order given. The
/// first failure is kept and thrown by the next `submit` or by `finish`.
final class MirrorStoreWriter: @unchecked Sendable {
    private let queue = DispatchQueue(label: "merle.imap-mirror.writer")
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var failure: (any Error)?
    private var total = MailStore.MirrorHeaderOutcome()

    init(depth: Int = 2) {
        slots = DispatchSemaphore(value: max(1, depth))
    }

    /// Queues one batch; blocks while `depth` batches are waiting.
    func submit(_ work: @escaping @Sendable () throws -> MailStore.MirrorHeaderOutcome) throws {
        try rethrowFailure()
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard lock.withLock({ failure == nil }) else { return }
            do {
                let outcome = try work()
                lock.withLock {
                    total.inserted += outcome.inserted
                    total.updated += outcome.updated
                    total.rematched += outcome.rematched
                }
            } catch {
                lock.withLock { failure = error }
            }
        }
    }

    /// Waits until every queued batch is written; returns the sum of their outcomes.
    func finish() throws -> MailStore.MirrorHeaderOutcome {
        queue.sync {}
        try rethrowFailure()
        return lock.withLock { total }
    }

    private func rethrowFailure() throws {
        if let failure = lock.withLock({ failure }) { throw failure }
    }
}
