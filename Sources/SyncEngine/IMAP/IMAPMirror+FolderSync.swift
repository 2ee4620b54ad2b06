import Foundation
import IMAPProtocol
import MailStore

extension IMAPMirror {
    /// What SELECT reported, read by the engine itself so that the CONDSTORE and
    /// QRESYNC parameters are exactly what the options allow.
    struct SelectState {
        var uidValidity: UIDValidity?
        var uidNext: UInt32?
        var highestModSeq: UInt64?
        var exists = 0
        var vanished: [SequenceSet] = []
        var changes: [FetchResponse] = []
    }

    /// SELECT (RFC 9051 §6.3.2) with the given CONDSTORE/QRESYNC parameters.
    func select(_ session: IMAPSession, _ folder: FolderRecord, parameters: [SelectParameter]) throws -> SelectState {
        let result = try session.execute(.select(MailboxName(folder.name), parameters))
        var state = SelectState()
        for response in result.untagged {
            switch response {
            case let .exists(count): state.exists = count
            case let .vanished(set, _): state.vanished.append(set)
            case let .fetch(number, attributes): state.changes.append(FetchResponse(sequenceNumber: number, attributes: attributes))
            case let .condition(_, text):
                switch text.code {
                case let .uidValidity(value)?: state.uidValidity = value
                case let .uidNext(value)?: state.uidNext = value
                case let .highestModSeq(value)?: state.highestModSeq = value
                default: break
                }
            default: break
            }
        }
        return state
    }

    /// One folder, start to finish: detect a new UIDVALIDITY, mirror flag changes and
    /// expunges (QRESYNC, else CONDSTORE, else the whole UID list), store new headers
    /// newest first in batches, mark the folder in step, then fetch bodies by policy.
    func syncFolder(_ stored: FolderRecord, session: IMAPSession) throws -> FolderSyncSummary {
        var folder = stored
        let folderId = folder.id!
        let qresync = usesQResync(session)
        let condstore = usesCondStore(session)
        // Resync shortcuts need a folder whose previous sync completed (uidnext set).
        var parameters: [SelectParameter] = []
        if qresync, let validity = folder.uidvalidity, let modseq = folder.highestmodseq, folder.uidnext != nil {
            parameters = [.qresync(uidValidity: UIDValidity(UInt32(truncatingIfNeeded: validity)), modSeq: UInt64(modseq))]
        } else if condstore {
            parameters = [.condStore]
        }
        let selected = try select(session, folder, parameters: parameters)
        guard let validity = selected.uidValidity.map({ Int64($0.rawValue) }) else {
            throw IMAPSyncError.noUIDValidity(folder: folder.name)
        }
        if folder.uidvalidity == nil {
            try store.beginMirror(folderId: folderId, uidvalidity: validity)
            folder.uidnext = nil
        } else if folder.uidvalidity != validity {
            let waiting = try store.beginUIDValidityChange(folderId: folderId, uidvalidity: validity)
            events(.uidValidityChanged(folder: folder.name, waiting: waiting))
            folder.uidnext = nil
            folder.highestmodseq = nil
            parameters = []
        }
        let rematching = try store.pendingRematches(folderId: folderId) > 0
        let serverModSeq = condstore ? selected.highestModSeq.map { Int64(clamping: $0) } : nil

        let path: ResyncPath
        if folder.uidnext == nil {
            path = .full
        } else if qresync, case .qresync? = parameters.first {
            path = .qresync
        } else if condstore, folder.highestmodseq != nil, serverModSeq != nil {
            path = .condstore
        } else {
            path = .plain
        }
        var summary = FolderSyncSummary(folder: folder.name, folderId: folderId, path: path)
        var newUIDs: [UInt32] = []
        var sizes: [UInt32: Int] = [:]
        var highestSeen: Int64 = 0
        var early = MailStore.MirrorHeaderOutcome()
        var earlyUIDs = Set<UInt32>()

        switch path {
        case .full, .plain:
            // The whole UID list (UID SEARCH), then UID FETCH … (FLAGS RFC822.SIZE) in
            // chunks compared with the mirror: memory stays bounded at any folder size.
            // RFC822.SIZE lets new messages be fetched whole in batches of bounded size.
            let local = try store.mirrorEntries(folderId: folderId)
            // Messages moved or expunged here and not yet replayed stay away.
            let removedHere = try store.pendingRemovals(folder: folder)
            var items: [FetchItem] = [.uid, .flags, .rfc822Size]
            if condstore { items.append(.modSeq) }
            var onServer = Set<Int64>()
            var flagChanges: [MailStore.MirrorFlagChange] = []
            let all = selected.exists > 0 ? try searchUIDs(session, .all).sorted() : []
            // A first sync shows the newest messages before comparing the whole list.
            if local.isEmpty, !rematching, options.firstScreenHeaders > 0, !all.isEmpty {
                let newest = Array(all.suffix(options.firstScreenHeaders).reversed())
                early = try fetchHeaders(session, folder: folder, uids: newest, complete: false, condstore: condstore,
                                         sizes: [:], progress: (0, all.count))
                earlyUIDs = Set(newest)
            }
            for start in stride(from: 0, to: all.count, by: Self.flagChunk) {
                let chunk = all[start..<min(start + Self.flagChunk, all.count)]
                for response in try session.uidFetch(SequenceSet(chunk), items) {
                    guard let uid = response.uid.map(Int64.init) else { continue }
                    onServer.insert(uid)
                    highestSeen = max(highestSeen, uid)
                    if earlyUIDs.contains(UInt32(uid)) { continue }
                    if let entry = local[uid] {
                        if let flags = response.mirrorFlags, flags.joined(separator: " ") != entry.flags {
                            flagChanges.append(.init(uid: uid, flags: flags, modseq: response.modSeq.map { Int64(clamping: $0) }))
                        }
                    } else if !removedHere.contains(uid) {
                        newUIDs.append(UInt32(uid))
                        sizes[UInt32(uid)] = response.rfc822Size
                    }
                }
            }
            summary.flagChanges = try store.applyMirrorFlags(folderId: folderId, changes: flagChanges)
            summary.expunged = try store.removeMirrorMessages(folderId: folderId, uids: local.keys.filter { !onServer.contains($0) })
        case .qresync:
            // RFC 7162 §3.2.5.1: VANISHED (EARLIER) lists expunges, FETCH lists changes.
            // UIDs the mirror never had are skipped by the store; a VANISHED naming very
            // wide ranges is tested against the mirror's UIDs instead of expanded.
            let named = selected.vanished.reduce(0) { $0 + $1.count }
            let vanished = named <= 1_000_000
                ? selected.vanished.flatMap { $0.values(limit: 1_000_000) }.map(Int64.init)
                : try store.mirrorEntries(folderId: folderId).keys.filter { uid in
                    selected.vanished.contains { $0.contains(UInt32(clamping: uid)) }
                }
            summary.expunged = try store.removeMirrorMessages(folderId: folderId, uids: vanished)
            summary.flagChanges = try store.applyMirrorFlags(folderId: folderId, changes: flagChanges(selected.changes, below: folder.uidnext!))
            newUIDs = try uidsFrom(session, folder.uidnext!, serverUIDNext: selected.uidNext)
        case .condstore:
            // RFC 7162 §3.1.4.1: FETCH … (CHANGEDSINCE) for flags, UID SEARCH for expunges.
            let known = UInt32(clamping: folder.uidnext! - 1)
            if known >= 1, let old = folder.highestmodseq, UInt64(old) != selected.highestModSeq {
                let changed = try session.uidFetch(SequenceSet([SequenceRange(1, known)]), [.uid, .flags, .modSeq],
                                                   changedSince: UInt64(old))
                summary.flagChanges = try store.applyMirrorFlags(folderId: folderId, changes: flagChanges(changed, below: folder.uidnext!))
            }
            newUIDs = try uidsFrom(session, folder.uidnext!, serverUIDNext: selected.uidNext)
            // Every old message on the server is in the mirror, so equal counts mean no expunge.
            if known >= 1, selected.exists - newUIDs.count != (try store.mirrorCount(folderId: folderId)) {
                let local = try store.mirrorEntries(folderId: folderId)
                let remaining = Set(try searchUIDs(session, SequenceSet([SequenceRange(1, known)])).map(Int64.init))
                summary.expunged = try store.removeMirrorMessages(folderId: folderId, uids: local.keys.filter { !remaining.contains($0) })
            }
        }

        newUIDs.sort(by: >)
        events(.folderStarted(folder: folder.name, path: path, newMessages: newUIDs.count + earlyUIDs.count))
        // With every body wanted and the sizes known, the newest messages' headers come
        // first (the first screen), then the rest whole in one pass; while re-matching
        // after a UIDVALIDITY change every message comes whole (to compare content hashes).
        let whole = rematching || (options.bodies == .all && !sizes.isEmpty)
        let firstScreen = earlyUIDs.isEmpty ? options.firstScreenHeaders : 0
        let headersFirst = rematching ? 0 : whole ? min(newUIDs.count, firstScreen) : newUIDs.count
        let total = newUIDs.count + earlyUIDs.count
        // Large messages come as headers here and their bodies in pieces (`fetchBodies`).
        let remaining = Array(newUIDs.dropFirst(headersFirst))
        let large = remaining.filter { isLarge(sizes[$0] ?? 0) }
        var outcome = try fetchHeaders(session, folder: folder, uids: Array(newUIDs.prefix(headersFirst)) + large, complete: false,
                                       condstore: condstore, sizes: sizes, progress: (earlyUIDs.count, total))
        let rest = try fetchHeaders(session, folder: folder, uids: large.isEmpty ? remaining : remaining.filter { !isLarge(sizes[$0] ?? 0) },
                                    complete: true, condstore: condstore, sizes: sizes,
                                    progress: (earlyUIDs.count + headersFirst + large.count, total))
        outcome.inserted += early.inserted + rest.inserted
        outcome.rematched += rest.rematched
        summary.newMessages = outcome.inserted
        summary.rematched = outcome.rematched
        if rematching {
            summary.lostAfterUIDValidityChange = try store.finishRematch(folderId: folderId)
        }
        let uidNext = selected.uidNext.map(Int64.init) ?? max(folder.uidnext ?? 1, highestSeen + 1)
        try store.finishMirror(folderId: folderId, uidnext: max(uidNext, Int64(newUIDs.first ?? 0) + 1, Int64(earlyUIDs.max() ?? 0) + 1),
                               highestmodseq: serverModSeq)
        summary.bodies = try fetchBodies(session, folder: folder)
        events(.folderFinished(summary))
        return summary
    }

    /// UIDs per FETCH when the whole list is compared.
    static let flagChunk = 10_000

    /// Flag changes among FETCH responses for messages that were there at the last
    /// sync (below its UIDNEXT); the store skips UIDs it does not have.
    private func flagChanges(_ responses: [FetchResponse], below uidNext: Int64) -> [MailStore.MirrorFlagChange] {
        responses.compactMap { response in
            guard let uid = response.uid.map(Int64.init), uid < uidNext, let flags = response.mirrorFlags else { return nil }
            return .init(uid: uid, flags: flags, modseq: response.modSeq.map { Int64(clamping: $0) })
        }
    }

    /// UIDs at or above `first` (new since the last sync); none when UIDNEXT did not move.
    private func uidsFrom(_ session: IMAPSession, _ first: Int64, serverUIDNext: UInt32?) throws -> [UInt32] {
        if let serverUIDNext, Int64(serverUIDNext) <= first { return [] }
        let start = UInt32(clamping: max(first, 1))
        // `n:*` also matches the highest UID when it is below n (RFC 9051 §6.4.8): filter.
        return try searchUIDs(session, SequenceSet([SequenceRange(start, SequenceRange.star)])).filter { $0 >= start }
    }

    /// UID SEARCH UID set, with RETURN (ALL) under ESEARCH so the answer is ranges.
    func searchUIDs(_ session: IMAPSession, _ set: SequenceSet) throws -> [UInt32] {
        if session.has(.esearch) {
            let result = try session.execute(.uidSearch([.uid(set)], returnOptions: ["ALL"]))
            var uids: [UInt32] = []
            for response in result.untagged {
                switch response {
                case let .esearch(esearch): uids += esearch.all?.values(limit: 10_000_000) ?? []
                case let .search(numbers, _): uids += numbers
                default: break
                }
            }
            return uids
        }
        return try session.uidSearch([.uid(set)])
    }

    /// Headers of new messages, or whole messages when `complete`, newest first;
    /// headers `headerBatchSize` per FETCH with `headerPipelineDepth` FETCHes in flight,
    /// whole messages in FETCHes bounded by `bodyBatchBytes` (by the RFC822.SIZE in
    /// `sizes`). Each batch is stored in its own transaction.
    private func fetchHeaders(_ session: IMAPSession, folder: FolderRecord, uids: [UInt32], complete: Bool,
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
