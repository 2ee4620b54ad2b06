import Foundation
import MailMessage

/// What the UI asks the engine to do. The UI never writes the store or touches the
/// network; every change goes through one of these (DESIGN.md "Layers").
public enum EngineCommand: Sendable, Equatable {
    /// Sync every account now (journal replay, mirror or download, outbox).
    case syncNow
    /// Sync one folder of one account now (the server announced a change in it).
    case syncFolder(account: String, folder: String)
    /// Add and remove flags (read/unread is `\Seen`).
    case setFlags(ids: [Int64], add: [String], remove: [String])
    case move(ids: [Int64], folder: String)
    case copy(ids: [Int64], folder: String)
    /// To Trash, or for good when already there.
    case delete(ids: [Int64])
    case expunge(ids: [Int64])
    case archive(ids: [Int64])
    case createFolder(account: String, name: String)
    case renameFolder(account: String, from: String, to: String)
    case deleteFolder(account: String, name: String)
    /// Queue a finished message (what `MessageBuilder.build` made) in the outbox of the
    /// account with this store id (`Composer.enqueue`); it goes out as soon as the
    /// account's SMTP server can be reached. A draft it was written from
    /// (`replacingDraft`) is removed. `sendAfter`: not before then (send later, or the
    /// reader's `send_delay` for undo); answered by `queued` with the outbox id.
    case enqueue(accountId: Int64, message: BuiltMessage, inReplyTo: Int64?, replacingDraft: Int64?, sendAfter: Date? = nil)
    /// Undo send: take a queued message back out of the outbox before it goes; answered
    /// by `takenBack`, or by `failed` when it is already going out or gone.
    case takeBack(outboxId: Int64)
    /// Queue a bounce (`Composer.bounce`: a message resent unchanged with Resent-*
    /// headers) in the outbox of the account with this store id; no copy goes to Sent.
    case enqueueBounce(accountId: Int64, message: BuiltMessage)
    /// Unsubscribe from a mailing list with an RFC 8058 one-click POST to this `https:`
    /// URI (`OneClickUnsubscribe`); answered by `done` or `failed`.
    case unsubscribeOneClick(uri: String)
    /// Save an unfinished message in Drafts (`MessageBuilder.buildDraft`), replacing an earlier version.
    case saveDraft(accountId: Int64, raw: Data, replacing: Int64?)
    /// Search a folder on the server too (for messages whose bodies are not here, so the
    /// local index cannot see their text); answered by `serverSearchResults`.
    case serverSearch(folderId: Int64, search: ServerSearch)
    /// Download a message's body now (it was left on the server by the body policy).
    case fetchBody(messageId: Int64)
    /// An encrypted message was just opened (its passphrase is with the agent now): index
    /// the encrypted bodies that wait to be decrypted for search (`search_encrypted`).
    case indexEncryptedBodies
    /// The switch for planes: while offline the engine does not try to connect.
    case setOffline(Bool)
    /// The UI opened a folder (`folder` as the server names it): the engine watches it
    /// with IDLE besides the account's `watch` folders, until another folder is opened.
    case folderOpened(account: String, folder: String)
}

/// What to ask the server's SEARCH (RFC 9051 §6.4.4): every word must match; free words
/// anywhere in the message (TEXT), the others in their field.
public struct ServerSearch: Sendable, Equatable {
    public var text: [String] = []
    public var from: [String] = []
    /// In To or Cc.
    public var to: [String] = []
    public var cc: [String] = []
    public var subject: [String] = []
    public var body: [String] = []

    public init(text: [String] = [], from: [String] = [], to: [String] = [], cc: [String] = [], subject: [String] = [], body: [String] = []) {
        self.text = text
        self.from = from
        self.to = to
        self.cc = cc
        self.subject = subject
        self.body = body
    }

    public var isEmpty: Bool { text.isEmpty && from.isEmpty && to.isEmpty && cc.isEmpty && subject.isEmpty && body.isEmpty }
}

extension EngineCommand {
    /// The messages an action works on (none for other commands).
    var messageIds: [Int64] {
        switch self {
        case let .setFlags(ids, _, _), let .move(ids, _), let .copy(ids, _), let .delete(ids), let .expunge(ids), let .archive(ids):
            return ids
        default:
            return []
        }
    }
}
