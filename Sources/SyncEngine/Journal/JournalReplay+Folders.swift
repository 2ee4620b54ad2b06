import Foundation
import IMAPProtocol
import MailStore

/// Replaying folder operations. Each checks what the server has when it refuses, so an
/// attempt a kill interrupted (the folder already created, renamed or gone) completes
/// instead of failing.
extension JournalReplay {
    /// What SELECT found.
    enum Selection: Equatable {
        case missing
        case selected(uidValidity: Int64?)
    }

    /// SELECTs `name` unless it is selected already.
    func select(_ name: String) throws -> Selection {
        if let selected, selected.name == name { return .selected(uidValidity: selected.uidValidity) }
        selected = nil
        let result = try session.send(.select(MailboxName(name), []))
        guard result.isOK else {
            if try result.code == .nonExistent || result.code == .tryCreate || !folderExists(name) { return .missing }
            _ = try result.checked()
            return .missing
        }
        var validity: Int64?
        for case let .condition(_, text) in result.untagged {
            if case let .uidValidity(value)? = text.code { validity = Int64(value.rawValue) }
        }
        selected = (name, validity)
        return .selected(uidValidity: validity)
    }

    func folderExists(_ name: String) throws -> Bool {
        try session.list(reference: "", pattern: MailboxName(name)).contains { $0.name.name == name && !$0.has(.nonExistent) }
    }

    /// CREATE and SUBSCRIBE.
    func createFolder(_ id: Int64, name: String) throws {
        let result = try session.send(.create(MailboxName(name)))
        if !result.isOK, !(try folderExists(name)) { _ = try result.checked() }
        _ = try session.send(.subscribe(MailboxName(name)))
        try store.completeJournal(id: id)
        applied()
    }

    /// RENAME; a folder gone from the server meanwhile is reported, not recreated.
    func renameFolder(_ id: Int64, from: String, to: String) throws {
        // The session may have the folder selected from a sync (the mirror's session):
        // Dovecot ends a session whose selected folder goes away.
        try leaveSelected()
        let result = try session.send(.rename(from: MailboxName(from), to: MailboxName(to)))
        if !result.isOK {
            let (hasOld, hasNew) = (try folderExists(from), try folderExists(to))
            if !hasOld, !hasNew {
                try fail(id, "folder \"\(from)\" no longer exists on the server; its rename to \"\(to)\" was dropped")
                return
            }
            if hasOld { _ = try result.checked() }
        }
        _ = try session.send(.subscribe(MailboxName(to)))
        try store.completeJournal(id: id)
        applied()
    }

    /// DELETE; a folder already gone is done.
    func deleteFolder(_ id: Int64, name: String) throws {
        try leaveSelected()
        let result = try session.send(.delete(MailboxName(name)))
        if !result.isOK, try folderExists(name) { _ = try result.checked() }
        _ = try session.send(.unsubscribe(MailboxName(name)))
        try store.completeJournal(id: id)
        applied()
    }

    /// Leaves the selected folder without expunging anything (UNSELECT, else EXAMINE INBOX).
    private func leaveSelected() throws {
        if session.has(.unselect) {
            _ = try session.send(.unselect)
        } else {
            _ = try session.send(.examine(MailboxName("INBOX"), []))
        }
        selected = nil
    }
}
