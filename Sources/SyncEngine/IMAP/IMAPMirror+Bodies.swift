import Foundation
import IMAPProtocol
import MailStore

extension IMAPMirror {
    /// Downloads the bodies the policy asks for that the mirror lacks, newest first, in
    /// FETCHes bounded by `bodyBatchBytes`; each batch is one transaction, so memory
    /// holds at most about one batch, never a folder. Large messages come after, one at
    /// a time and in pieces (`fetchLargeBody`). Returns how many were stored.
    func fetchBodies(_ session: IMAPSession, folder: FolderRecord, now: Date = Date()) throws -> Int {
        guard case let .some(cutoff) = options.bodies.cutoff(now: now) else { return 0 }
        // A message larger than the store takes stays on the server (opening it says why).
        let missing = try store.messagesWithoutBody(folderId: folder.id!, since: cutoff).filter { $0.size <= MailStore.maximumBodySize }
        guard !missing.isEmpty else { return 0 }
        let large = missing.filter { isLarge(Int($0.size)) }
        var batches: [[MailStore.MissingBody]] = []
        var current: [MailStore.MissingBody] = []
        var bytes = 0
        for message in missing where !isLarge(Int(message.size)) {
            if !current.isEmpty, bytes + Int(message.size) > options.bodyBatchBytes || current.count >= options.bodyBatchCount {
                batches.append(current)
                current = []
                bytes = 0
            }
            current.append(message)
            bytes += Int(message.size)
        }
        if !current.isEmpty { batches.append(current) }

        // Parsing and writing one batch overlaps with fetching the next.
        let writer = MirrorStoreWriter()
        var done = 0
        for batch in batches {
            let wanted = Set(batch.map { UInt32($0.uid) })
            let result = try session.send(.uidFetch(SequenceSet(wanted), [.uid, .bodySection(.complete, peek: true)]))
            try result.checked()
            var bodies: [(uid: Int64, raw: [UInt8])] = []
            for case let .fetch(number, attributes) in result.untagged {
                let response = FetchResponse(sequenceNumber: number, attributes: attributes)
                guard let uid = response.uid, wanted.contains(uid), let raw = response.body(.complete) else { continue }
                bodies.append((Int64(uid), raw))
            }
            let fetched = concurrentMap(bodies) { MailStore.PreparedBody(uid: $0.uid, raw: $0.raw) }
            let (store, folderId) = (store, folder.id!)
            try writer.submit { MailStore.MirrorHeaderOutcome(inserted: try store.storeMirrorBodies(folderId: folderId, fetched)) }
            done += batch.count
            events(.bodies(folder: folder.name, done: done, total: missing.count))
        }
        var stored = try writer.finish().inserted
        for message in large {
            if try fetchLargeBody(session, folder: folder, uid: message.uid) { stored += 1 }
            done += 1
            events(.bodies(folder: folder.name, done: done, total: missing.count))
        }
        return stored
    }
}
