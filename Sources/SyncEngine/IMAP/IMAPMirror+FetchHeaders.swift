import Foundation
import IMAPProtocol
import MailStore

extension IMAPMirror {
    /// Headers of new messages, or whole messages when `complete`, newest first;
    /// headers `headerBatchSize` per FETCH with `headerPipelineDepth` FETCHes in flight,
    /// whole messages in FETCHes bounded by `bodyBatchBytes` (by the RFC822.SIZE in
    /// `sizes`). Each batch is stored in its own transaction.
    func fetchHeaders(_ session: IMAPSession, folder: FolderRecord, uids: [UInt32], complete: Bool,
                              condstore: Bool, sizes: [UInt32: Int], progress: (done: Int, total: Int)) throws -> MailStore.MirrorHeaderOutcome {
        guard !uids.isEmpty else { return MailStore.MirrorHeaderOutcome() }
        // Bodies reach the packs before their rows: no compaction may remove a pack meanwhile.
        return try store.bodies.holding {
            try fetchHeadersHeld(session, folder: folder, uids: uids, complete: complete, condstore: condstore, sizes: sizes, progress: progress)
        }
    }

    private func fetchHeadersHeld(_ session: IMAPSession, folder: FolderRecord, uids: [UInt32], complete: Bool,
                                  condstore: Bool, sizes: [UInt32: Int], progress: (done: Int, total: Int)) throws -> MailStore.MirrorHeaderOutcome {
        let writer = MirrorStoreWriter()
        var missing: [UInt32] = []
        var items: [FetchItem] = [.uid, .flags, .internalDate, .rfc822Size, .bodyStructure,
                                  .bodySection(complete ? .complete : .header, peek: true)]
        if condstore { items.append(.modSeq) }
        var batches: [[UInt32]] = []
        if complete {
            var bytes = 0
            for uid in uids {
                let size = sizes[uid] ?? 256 << 10
                if batches.isEmpty || bytes + size > options.bodyBatchBytes || batches[batches.count - 1].count >= options.bodyBatchCount {
                    batches.append([])
                    bytes = 0
                }
                batches[batches.count - 1].append(uid)
                bytes += size
            }
        } else {
            let batchSize = max(1, options.headerBatchSize)
            batches = stride(from: 0, to: uids.count, by: batchSize).map { Array(uids[$0..<min($0 + batchSize, uids.count)]) }
        }
        // Whole messages one FETCH at a time: memory holds one batch plus what the writer holds.
        let depth = complete ? 1 : max(1, options.headerPipelineDepth)
        let folderId = folder.id!
        // Whole messages whose bytes are in the packs and whose rows wait to be written.
        var unwritten: [MailStore.PreparedHeader] = []
        var unwrittenBytes = 0
        // On a slow link rows are written at least every 2 s, so the reader sees mail arrive.
        var lastWrite = Date()
        let stored = self.stored
        /// Writes a batch on the writer's thread and says how many it added.
        func submit(_ prepared: [MailStore.PreparedHeader]) throws {
            let store = store
            try writer.submit {
                let outcome = try store.storeMirrorHeaders(folderId: folderId, prepared: prepared)
                if outcome.inserted > 0 { stored?(folderId, outcome.inserted) }
                return outcome
            }
        }
        func write() throws {
            guard !unwritten.isEmpty else { return }
            try submit(unwritten)
            unwritten = []
            unwrittenBytes = 0
            lastWrite = Date()
        }
        var done = progress.done
        do {
            for group in stride(from: 0, to: batches.count, by: depth).map({ batches[$0..<min($0 + depth, batches.count)] }) {
                let results = try session.pipeline(group.map { .uidFetch(SequenceSet($0), items) })
                // Dovecot runs pipelined FETCHes in parallel, so a response may arrive before
                // the completion of an earlier command: match responses to batches by UID.
                var fetched: [UInt32: MailStore.MirrorHeader] = [:]
                for result in results {
                    try result.checked()
                    for case let .fetch(number, attributes) in result.untagged {
                        let response = FetchResponse(sequenceNumber: number, attributes: attributes)
                        guard let uid = response.uid, let header = response.mirrorHeader(complete: complete) else { continue }
                        fetched[uid] = header
                    }
                }
                for batch in group {
                    missing += batch.filter { fetched[$0] == nil }
                    var prepared = concurrentMap(batch.compactMap { fetched[$0] }) { MailStore.PreparedHeader($0, folderId: folderId) }
                    if complete {
                        // The bytes go to the packs now; rows wait for a transaction's worth.
                        prepared = try store.packBodies(prepared)
                        unwritten += prepared
                        unwrittenBytes += batch.reduce(0) { $0 + (sizes[$1] ?? 0) }
                        if unwrittenBytes >= options.storeBatchBytes || Date().timeIntervalSince(lastWrite) >= 2 { try write() }
                    } else {
                        try submit(prepared)
                    }
                    done += batch.count
                    events(.headers(folder: folder.name, done: done, total: progress.total))
                }
            }
        } catch {
            // What reached the packs before a fault is kept: the next sync resumes after it.
            try? write()
            _ = try? writer.finish()
            throw error
        }
        try write()
        let outcome = try writer.finish()
        // A UID asked for and not answered was expunged meanwhile, or the server failed
        // to send it. The folder must not be marked in step past a message it still has.
        if !missing.isEmpty {
            let present = try searchUIDs(session, SequenceSet(missing)).filter { Set(missing).contains($0) }
            if let uid = present.first {
                throw IMAPSyncError.bodyMissing(folder: folder.name, uid: Int64(uid))
            }
        }
        return outcome
    }
}
