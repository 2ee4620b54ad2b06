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
    /// expunges by the path the folder and the server allow (`compare…`), store new
    /// headers newest first in batches (`storeNew`), mark the folder in step, then fetch
    /// bodies by policy.
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
        let context = Context(session: session, folder: folder, selected: selected, condstore: condstore,
                              rematching: try store.pendingRematches(folderId: folderId) > 0)
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
        let comparison: Comparison
        switch path {
        case .full, .plain: comparison = try compareUIDLists(context, summary: &summary)
        case .qresync: comparison = try compareQResync(context, summary: &summary)
        case .condstore: comparison = try compareCondStore(context, summary: &summary)
        }
        let outcome = try storeNew(context, comparison, path: path)
        summary.newMessages = outcome.inserted
        summary.rematched = outcome.rematched
        if context.rematching {
            summary.lostAfterUIDValidityChange = try store.finishRematch(folderId: folderId)
        }
        let newest = max(Int64(comparison.newUIDs.max() ?? 0), Int64(comparison.earlyUIDs.max() ?? 0))
        let uidNext = selected.uidNext.map(Int64.init) ?? max(folder.uidnext ?? 1, comparison.highestSeen + 1)
        try store.finishMirror(folderId: folderId, uidnext: max(uidNext, newest + 1), highestmodseq: serverModSeq)
        summary.bodies = try fetchBodies(session, folder: folder)
        events(.folderFinished(summary))
        return summary
    }

    /// What a folder's sync works with once it is selected.
    struct Context {
        var session: IMAPSession
        var folder: FolderRecord
        var selected: SelectState
        var condstore: Bool
        /// Messages from before a UIDVALIDITY change wait to be matched by content.
        var rematching: Bool
    }

    /// What comparing the folder with the mirror found: the new UIDs (newest first),
    /// their sizes when known, the highest UID seen, and what a first sync already
    /// stored of the newest messages.
    struct Comparison {
        var newUIDs: [UInt32] = []
        var sizes: [UInt32: Int] = [:]
        var highestSeen: Int64 = 0
        var early = MailStore.MirrorHeaderOutcome()
        var earlyUIDs = Set<UInt32>()
    }

    /// A first sync or a plain resync: the whole UID list (UID SEARCH), then UID FETCH …
    /// (FLAGS RFC822.SIZE) in chunks compared with the mirror, so memory stays bounded at
    /// any folder size. RFC822.SIZE lets new messages be fetched whole in batches of
    /// bounded size.
    private func compareUIDLists(_ context: Context, summary: inout FolderSyncSummary) throws -> Comparison {
        let (session, folder) = (context.session, context.folder)
        let folderId = folder.id!
        var comparison = Comparison()
        let local = try store.mirrorEntries(folderId: folderId)
        // Messages moved or expunged here and not yet replayed stay away.
        let removedHere = try store.pendingRemovals(folder: folder)
        var items: [FetchItem] = [.uid, .flags, .rfc822Size]
        if context.condstore { items.append(.modSeq) }
        var onServer = Set<Int64>()
        var flagChanges: [MailStore.MirrorFlagChange] = []
        let all = context.selected.exists > 0 ? try searchUIDs(session, .all).sorted() : []
        // A first sync shows the newest messages before comparing the whole list.
        if local.isEmpty, !context.rematching, options.firstScreenHeaders > 0, !all.isEmpty {
            let newest = Array(all.suffix(options.firstScreenHeaders).reversed())
            comparison.early = try fetchHeaders(session, folder: folder, uids: newest, complete: false, condstore: context.condstore,
                                                sizes: [:], progress: (0, all.count))
            comparison.earlyUIDs = Set(newest)
        }
        for start in stride(from: 0, to: all.count, by: Self.flagChunk) {
            let chunk = all[start..<min(start + Self.flagChunk, all.count)]
            for response in try session.uidFetch(SequenceSet(chunk), items) {
                guard let uid = response.uid.map(Int64.init) else { continue }
                onServer.insert(uid)
                comparison.highestSeen = max(comparison.highestSeen, uid)
                if comparison.earlyUIDs.contains(UInt32(uid)) { continue }
                if let entry = local[uid] {
                    if let flags = response.mirrorFlags, flags.joined(separator: " ") != entry.flags {
                        flagChanges.append(.init(uid: uid, flags: flags, modseq: response.modSeq.map { Int64(clamping: $0) }))
                    }
                } else if !removedHere.contains(uid) {
                    comparison.newUIDs.append(UInt32(uid))
                    comparison.sizes[UInt32(uid)] = response.rfc822Size
                }
            }
        }
        summary.flagChanges = try store.applyMirrorFlags(folderId: folderId, changes: flagChanges)
        summary.expunged = try store.removeMirrorMessages(folderId: folderId, uids: local.keys.filter { !onServer.contains($0) })
        return comparison
    }

    /// QRESYNC (RFC 7162 §3.2.5.1): VANISHED (EARLIER) lists expunges, FETCH lists
    /// changes. UIDs the mirror never had are skipped by the store; a VANISHED naming very
    /// wide ranges is tested against the mirror's UIDs instead of expanded.
    private func compareQResync(_ context: Context, summary: inout FolderSyncSummary) throws -> Comparison {
        let (folder, selected) = (context.folder, context.selected)
        let folderId = folder.id!
        let named = selected.vanished.reduce(0) { $0 + $1.count }
        let vanished = named <= 1_000_000
            ? selected.vanished.flatMap { $0.values(limit: 1_000_000) }.map(Int64.init)
            : try store.mirrorEntries(folderId: folderId).keys.filter { uid in
                selected.vanished.contains { $0.contains(UInt32(clamping: uid)) }
            }
        summary.expunged = try store.removeMirrorMessages(folderId: folderId, uids: vanished)
        summary.flagChanges = try store.applyMirrorFlags(folderId: folderId, changes: flagChanges(selected.changes, below: folder.uidnext!))
        var comparison = Comparison()
        comparison.newUIDs = try uidsFrom(context.session, folder.uidnext!, serverUIDNext: selected.uidNext)
        return comparison
    }

    /// CONDSTORE (RFC 7162 §3.1.4.1): FETCH … (CHANGEDSINCE) for flags, UID SEARCH for
    /// expunges, and only when the counts say something was expunged.
    private func compareCondStore(_ context: Context, summary: inout FolderSyncSummary) throws -> Comparison {
        let (session, folder, selected) = (context.session, context.folder, context.selected)
        let folderId = folder.id!
        let known = UInt32(clamping: folder.uidnext! - 1)
        if known >= 1, let old = folder.highestmodseq, UInt64(old) != selected.highestModSeq {
            let changed = try session.uidFetch(SequenceSet([SequenceRange(1, known)]), [.uid, .flags, .modSeq], changedSince: UInt64(old))
            summary.flagChanges = try store.applyMirrorFlags(folderId: folderId, changes: flagChanges(changed, below: folder.uidnext!))
        }
        var comparison = Comparison()
        comparison.newUIDs = try uidsFrom(session, folder.uidnext!, serverUIDNext: selected.uidNext)
        // Every old message on the server is in the mirror, so equal counts mean no expunge.
        if known >= 1, selected.exists - comparison.newUIDs.count != (try store.mirrorCount(folderId: folderId)) {
            let local = try store.mirrorEntries(folderId: folderId)
            let remaining = Set(try searchUIDs(session, SequenceSet([SequenceRange(1, known)])).map(Int64.init))
            summary.expunged = try store.removeMirrorMessages(folderId: folderId, uids: local.keys.filter { !remaining.contains($0) })
        }
        return comparison
    }

    /// The new messages, newest first. With every body wanted and the sizes known, the
    /// newest messages' headers come first (the first screen), then the rest whole in one
    /// pass; while re-matching after a UIDVALIDITY change every message comes whole (to
    /// compare content hashes). Large messages come as headers here and their bodies in
    /// pieces (`fetchBodies`).
    private func storeNew(_ context: Context, _ comparison: Comparison, path: ResyncPath) throws -> MailStore.MirrorHeaderOutcome {
        let (session, folder, condstore) = (context.session, context.folder, context.condstore)
        let newUIDs = comparison.newUIDs.sorted(by: >)
        let (sizes, earlyCount) = (comparison.sizes, comparison.earlyUIDs.count)
        events(.folderStarted(folder: folder.name, path: path, newMessages: newUIDs.count + earlyCount))
        let whole = context.rematching || (options.bodies == .all && !sizes.isEmpty)
        let firstScreen = comparison.earlyUIDs.isEmpty ? options.firstScreenHeaders : 0
        let headersFirst = context.rematching ? 0 : whole ? min(newUIDs.count, firstScreen) : newUIDs.count
        let total = newUIDs.count + earlyCount
        let remaining = Array(newUIDs.dropFirst(headersFirst))
        let large = remaining.filter { isLarge(sizes[$0] ?? 0) }
        var outcome = try fetchHeaders(session, folder: folder, uids: Array(newUIDs.prefix(headersFirst)) + large, complete: false,
                                       condstore: condstore, sizes: sizes, progress: (earlyCount, total))
        let rest = try fetchHeaders(session, folder: folder, uids: large.isEmpty ? remaining : remaining.filter { !isLarge(sizes[$0] ?? 0) },
                                    complete: true, condstore: condstore, sizes: sizes,
                                    progress: (earlyCount + headersFirst + large.count, total))
        outcome.inserted += comparison.early.inserted + rest.inserted
        outcome.rematched += rest.rematched
        return outcome
    }

    /// UIDs per FETCH when the whole list is compared. Each chunk's responses are held
    /// until its FETCH completes (about 1 KB a message, flags and all): 10,000 a chunk made
    /// them 10.5 of the 12.6 MB peak heap of a first sync of 10,000 messages (heaptrack);
    /// 2,000 keeps them near 2 MB for five round trips instead of one.
    static let flagChunk = 2_000

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
}
