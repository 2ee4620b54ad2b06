import Foundation
import IMAPProtocol
import MailStore

extension IMAPMirror {
    /// One mailbox as the server lists it.
    struct ListedFolder {
        var name: String
        var delimiter: String?
        var specialUse: String?
        var subscribed: Bool
        var selectable: Bool
    }

    /// Mirrors the folder list: new folders are added, gone ones removed (unless they
    /// hold local-only messages), and a gone name plus a new name with the same
    /// UIDVALIDITY is a rename, which keeps the folder's messages and ids. Folder names
    /// are data: they are stored and compared, never used as paths.
    func syncFolderList(_ session: IMAPSession) throws -> FolderListChanges {
        // Folders created, renamed or deleted here and not yet replayed keep their local state.
        let pending = try store.pendingFolderNames(accountId: accountId)
        let listed = try listFolders(session).filter { !pending.hide.contains($0.name) }
        let local = try store.mirrorFolders(accountId: accountId).filter { !pending.keep.contains($0.name) }
        let serverNames = Set(listed.map(\.name))
        let localNames = Set(local.map(\.name))
        var vanished = local.filter { !serverNames.contains($0.name) }
        let fresh = listed.filter { !localNames.contains($0.name) }
        var changes = FolderListChanges()

        if !vanished.isEmpty, !fresh.isEmpty {
            let validities = try uidValidities(session, of: fresh.filter(\.selectable).map(\.name))
            for old in vanished {
                guard let validity = old.uidvalidity,
                      vanished.filter({ $0.uidvalidity == validity }).count == 1 else { continue }
                let candidates = validities.filter { $0.value == validity }.map(\.key)
                guard candidates.count == 1, let newName = candidates.first,
                      !changes.renamed.values.contains(newName) else { continue }
                try store.renameMirrorFolder(id: old.id!, to: newName)
                changes.renamed[old.name] = newName
            }
            vanished.removeAll { changes.renamed[$0.name] != nil }
        }
        for folder in listed {
            try store.saveListedFolder(accountId: accountId, name: folder.name, delimiter: folder.delimiter,
                                       specialUse: folder.specialUse, subscribed: folder.subscribed, selectable: folder.selectable)
            if !localNames.contains(folder.name), !changes.renamed.values.contains(folder.name) {
                changes.added.append(folder.name)
            }
        }
        for folder in vanished {
            if try store.removeMirrorFolder(id: folder.id!) {
                changes.removed.append(folder.name)
            } else {
                changes.kept.append(folder.name)
            }
        }
        return changes
    }

    /// LIST "" "*" RETURN (SUBSCRIBED SPECIAL-USE) with LIST-EXTENDED (RFC 5258, RFC 6154);
    /// else LIST plus LSUB for the subscriptions.
    func listFolders(_ session: IMAPSession) throws -> [ListedFolder] {
        let extended = session.has(.listExtended)
        var returnOptions: [ListReturnOption] = [.subscribed]
        if session.has(.specialUse) { returnOptions.append(.specialUse) }
        let infos = try session.list(reference: "", pattern: "*", returnOptions: returnOptions)
        var subscribed: Set<String>?
        if !extended {
            let result = try session.execute(.lsub(reference: "", pattern: "*"))
            subscribed = Set(result.untagged.compactMap { response -> String? in
                if case let .lsub(info) = response { return info.name.name }
                return nil
            })
        }
        var seen = Set<String>()
        return infos.compactMap { info -> ListedFolder? in
            // \NonExistent names only appear because of a subscription (RFC 5258 §3.4).
            guard !info.has(.nonExistent), seen.insert(info.name.name).inserted else { return nil }
            let name = info.name.isInbox ? "INBOX" : info.name.name
            return ListedFolder(
                name: name, delimiter: info.delimiter.map { String(UnicodeScalar($0)) },
                specialUse: info.specialUse?.rawValue,
                subscribed: subscribed.map { $0.contains(info.name.name) } ?? (info.has(.subscribed) || info.name.isInbox),
                selectable: !info.has(.noSelect))
        }
    }

    /// STATUS (UIDVALIDITY) of several mailboxes, pipelined.
    func uidValidities(_ session: IMAPSession, of names: [String]) throws -> [String: Int64] {
        guard !names.isEmpty else { return [:] }
        let results = try session.pipeline(names.map { .status(MailboxName($0), [.uidValidity]) })
        var validities: [String: Int64] = [:]
        for result in results where result.isOK {
            for case let .status(name, status) in result.untagged {
                if let validity = status.uidValidity { validities[name.name] = Int64(validity.rawValue) }
            }
        }
        return validities
    }
}
