import Foundation
import IMAPProtocol
import MailStore

/// Replaying message operations: flags, move, copy, expunge and append.
extension JournalReplay {
    /// UID STORE ±FLAGS.SILENT: add/remove, so changes made elsewhere meanwhile merge.
    func changeFlags(_ id: Int64, messageId: Int64, flags: [String], add: Bool, at recorded: MessageLocation?) throws {
        guard let location = try recorded ?? currentLocation(of: messageId) else {
            try fail(id, "message \(messageId) no longer exists locally; its flag change was dropped")
            return
        }
        guard case let .selected(validity) = try select(location.folder) else {
            try fail(id, "folder \"\(location.folder)\" no longer exists on the server; a flag change on message \(messageId) was dropped")
            return
        }
        guard let uid = try resolve(location, uidValidity: validity) else {
            try fail(id, "message \(messageId) is no longer in \"\(location.folder)\" on the server; its flag change was dropped")
            return
        }
        _ = try session.execute(.uidStore(SequenceSet([uid]), StoreOperation(add ? .add : .remove, flags.map { Flag($0) }, silent: true)))
        try store.completeJournal(id: id)
        applied()
    }

    /// UID MOVE (or UID COPY, `\Deleted` and EXPUNGE without MOVE), or UID COPY; the
    /// placeholder learns its UID from COPYUID, or waits to be matched by the next sync.
    func transfer(_ id: Int64, messageId: Int64, from: MessageLocation, to target: String, copyId: Int64?) throws {
        let placeholder = copyId ?? messageId
        let verb = copyId == nil ? "move" : "copy"
        guard case let .selected(validity) = try select(from.folder) else {
            try fail(id, "folder \"\(from.folder)\" no longer exists on the server; the \(verb) of message \(messageId) to \"\(target)\" was dropped",
                     removingPlaceholder: placeholder)
            return
        }
        guard let uid = try resolve(from, uidValidity: validity) else {
            // Done by an attempt a kill interrupted, or the message was expunged elsewhere.
            if case let .selected(targetValidity) = try select(target), let found = try find(messageID: from.messageID, size: from.size) {
                try store.completeJournal(id: id, placed: placeholder, in: target, uidValidity: targetValidity, uid: Int64(found))
                applied()
                return
            }
            try fail(id, "message \(messageId) is no longer in \"\(from.folder)\" on the server; its \(verb) to \"\(target)\" was dropped",
                     removingPlaceholder: placeholder)
            return
        }
        let set = SequenceSet([uid])
        let moveCommand = session.has(.move)
        let result = try session.send(copyId == nil && moveCommand ? .uidMove(set, MailboxName(target)) : .uidCopy(set, MailboxName(target)))
        guard result.isOK else {
            guard try result.code == .tryCreate || result.code == .nonExistent || !folderExists(target) else {
                _ = try result.checked()
                return
            }
            let reason = "folder \"\(target)\" no longer exists on the server; message \(messageId) stays in \"\(from.folder)\""
            if copyId == nil {
                try store.failJournal(id: id, error: reason, returning: messageId, to: from)
                summary.failed += 1
                summary.problems.append(reason)
            } else {
                try fail(id, reason, removingPlaceholder: placeholder)
            }
            return
        }
        if copyId == nil, !moveCommand {
            try removeFromSelected(uid)
        }
        if let copied = try session.copyUID(of: result), let newUID = copied.uids[uid] {
            try store.completeJournal(id: id, placed: placeholder, in: target, uidValidity: Int64(copied.uidValidity.rawValue), uid: Int64(newUID))
        } else {
            try store.completeJournal(id: id, awaitingMatch: placeholder, in: target)
        }
        applied()
    }

    /// `\Deleted` and UID EXPUNGE (plain EXPUNGE without UIDPLUS). A message already gone is done.
    func expunge(_ id: Int64, messageId: Int64, at location: MessageLocation) throws {
        if case let .selected(validity) = try select(location.folder), let uid = try resolve(location, uidValidity: validity) {
            try removeFromSelected(uid)
        }
        try store.completeJournal(id: id)
        applied()
    }

    /// APPEND of a message that exists only here (a draft, an imported message), with
    /// its flags and internal date; creates the folder when the server says TRYCREATE.
    /// The attempt is counted before the command goes out, so only an entry tried before
    /// (a kill may have come between the server's OK and the local commit) looks for an
    /// earlier copy first: one that no other message here holds, with the same bytes.
    /// A message whose twin is already in the folder (the same mail imported twice) is
    /// thus appended, not mistaken for its twin.
    func append(_ id: Int64, attempts: Int, messageId: Int64, to folder: String, flags: [String]) throws {
        guard let raw = try store.rawMessage(id: messageId), let message = try? store.message(id: messageId) else {
            try store.completeJournal(id: id)
            applied()
            return
        }
        if attempts > 0, case let .selected(validity) = try select(folder),
           let found = try earlierAppend(of: message, raw: [UInt8](raw), in: folder) {
            try store.completeJournal(id: id, placed: messageId, in: folder, uidValidity: validity, uid: Int64(found))
            applied()
            return
        }
        try store.beginJournalAttempt(id: id)
        let command = Command.append(MailboxName(folder), flags: flags.map { Flag($0) }, date: message.internalDate.map(Self.internalDate),
                                     message: [UInt8](raw))
        var result = try session.send(command)
        if !result.isOK, result.code == .tryCreate {
            _ = try session.send(.create(MailboxName(folder)))
            result = try session.send(command)
        }
        _ = try result.checked()
        if let placed = try session.appendUID(of: result) {
            try store.completeJournal(id: id, placed: messageId, in: folder, uidValidity: Int64(placed.uidValidity.rawValue), uid: Int64(placed.uid))
        } else {
            try store.completeJournal(id: id, awaitingMatch: messageId, in: folder)
        }
        applied()
    }

    /// The UID of a copy of `message` in the selected `folder` that no other message
    /// here holds: found by Message-ID (without one, by its exact size), and checked
    /// against its content hash when one is known.
    private func earlierAppend(of message: MessageRecord, raw: [UInt8], in folder: String) throws -> UInt32? {
        let keys: [SearchKey] = message.headerMessageId.map { [.header("Message-ID", $0)] }
            ?? [.larger(Int(message.size) - 1), .smaller(Int(message.size) + 1)]
        let claimed: Set<Int64> = try store.mirrorFolders(accountId: accountId).first { $0.name == folder }
            .map { Set(try store.mirrorEntries(folderId: $0.id!).keys) } ?? []
        let free = try session.uidSearch(keys).filter { !claimed.contains(Int64($0)) }
        guard !free.isEmpty else { return nil }
        for response in try session.uidFetch(SequenceSet(free), [.uid, .rfc822Size]) where response.rfc822Size.map(Int64.init) == message.size {
            guard let uid = response.uid else { continue }
            guard let hash = message.contentHash else { return uid }
            let copy = try session.uidFetch(SequenceSet([uid]), [.uid, .bodySection(.complete, peek: true)]).first?.body(.complete)
            if let copy, ContentHash.sha256Hex(copy) == hash { return uid }
        }
        return nil
    }

    /// A point in time as IMAP's `date-time`, in UTC.
    static func internalDate(_ date: Date) -> InternalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return InternalDate(year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!,
                            second: parts.second!, zoneMinutes: 0)
    }

    /// APPEND of a sent message to the Sent folder of the identity it was sent from (its
    /// envelope sender), else the account's; the outbox row leaves with the entry.
    func appendSent(_ id: Int64, outboxId: Int64) throws {
        guard let row = try? store.outboxItem(id: outboxId) else {
            try store.completeJournal(id: id)
            return
        }
        let folder: MailboxName
        if let configured = account.sentFolder(forSender: row.envelopeFrom) {
            folder = MailboxName(configured)
        } else {
            if sentFolder == nil { sentFolder = try resolveSentFolder() }
            folder = sentFolder!
        }
        var result = try session.send(.append(folder, flags: [.seen], date: nil, message: [UInt8](row.copyForSent)))
        if !result.isOK, result.code == .tryCreate {
            // An identity's own Sent folder that does not exist yet.
            _ = try session.send(.create(folder))
            result = try session.send(.append(folder, flags: [.seen], date: nil, message: [UInt8](row.copyForSent)))
        }
        _ = try result.checked()
        try store.completeJournal(id: id) { db in
            _ = try OutboxRecord.deleteOne(db, key: outboxId)
        }
        applied()
    }

    /// Marks `\Deleted` and expunges one UID of the selected folder: UID EXPUNGE with
    /// UIDPLUS, so other messages marked `\Deleted` elsewhere stay; EXPUNGE otherwise.
    private func removeFromSelected(_ uid: UInt32) throws {
        let set = SequenceSet([uid])
        _ = try session.execute(.uidStore(set, StoreOperation(.add, [.deleted], silent: true)))
        _ = try session.execute(session.has(.uidPlus) ? .uidExpunge(set) : .expunge)
    }

    /// The folder for sent copies when none is configured: the one the store or the
    /// server marks `\Sent`, else "Sent" (created when missing).
    private func resolveSentFolder() throws -> MailboxName {
        if let known = try store.folderSummaries(account: account.name).first(where: { $0.role == "sent" }) { return MailboxName(known.name) }
        let listed = try session.list(returnOptions: session.has(.specialUse) ? [.specialUse] : nil)
        if let sent = listed.first(where: { $0.has(.sent) }) { return sent.name }
        if let named = listed.first(where: { $0.name.name.caseInsensitiveCompare("Sent") == .orderedSame }) { return named.name }
        _ = try session.execute(.create(MailboxName("Sent")))
        return MailboxName("Sent")
    }

    /// Where a message is now (entries written before locations were recorded).
    private func currentLocation(of messageId: Int64) throws -> MessageLocation? {
        guard let message = try? store.message(id: messageId),
              let folder = try store.mirrorFolders(accountId: accountId).first(where: { $0.id == message.folderId }) else { return nil }
        return MessageLocation(folder: folder.name, uidValidity: folder.uidvalidity, uid: message.uid,
                               messageID: message.headerMessageId, size: message.size)
    }
}
