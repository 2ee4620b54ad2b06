import Foundation
import MailMessage
import MailStore
import MerleConfig

/// Writing mail: the one path the reader and `merle compose` share to start a message
/// (new, reply, reply-all, forward, a reopened draft), to find what it answers, to read
/// the files to attach, and to queue what was written (the engine's `enqueue` comes
/// here too).
public struct Composer: Sendable {
    /// Who writes: the account, by its store id, and the From address.
    public struct Sender: Sendable, Equatable {
        public var accountId: Int64
        public var accountName: String
        public var address: Address
        /// Why the account cannot send (no `[account.smtp]`), when it cannot.
        public var cannotSend: String?
    }

    /// How a message starts.
    public enum Start: Sendable, Equatable {
        case new
        case reply(Int64, all: Bool)
        case forward(Int64)
        /// A saved draft, reopened; sending or saving it again replaces it.
        case draft(Int64)
    }

    /// A message started, ready for the editor or the command line's options.
    public struct Started: Sendable {
        public var draft: Draft
        /// The message it answers (marked `\Answered` once sent).
        public var inReplyTo: Int64?
        /// The saved draft it was reopened from.
        public var replacingDraft: Int64?
    }

    public let store: MailStore
    public let sender: Sender
    /// Where a reply's text goes relative to the quote.
    public var quoteStyle: QuoteStyle = .bottom

    public init(store: MailStore, sender: Sender, quoteStyle: QuoteStyle = .bottom) {
        self.store = store
        self.sender = sender
        self.quoteStyle = quoteStyle
    }

    /// The sender for account `name`: a configured account (its display name; made in
    /// the store if no sync has yet), else one the store alone knows (the demo).
    public static func sender(account name: String, configured: [AccountConfiguration], store: MailStore) throws -> Sender {
        if let account = configured.first(where: { $0.name == name }) {
            let record = try store.ensureAccount(name: account.name, kind: account.incoming.accountKind, email: account.email)
            let cannotSend = account.smtp == nil
                ? "the account \(name) cannot send: its config has no [account.smtp] server" : nil
            return Sender(accountId: record.id!, accountName: name, address: Address(name: account.displayName, mailbox: account.email),
                          cannotSend: cannotSend)
        }
        guard let record = try store.accounts().first(where: { $0.name == name }) else { throw ComposeError.unknownAccount(name) }
        return Sender(accountId: record.id!, accountName: name, address: Address(name: nil, mailbox: record.email))
    }

    /// The first draft: empty, a reply (recipients, "Re:", the quote in `quoteStyle`,
    /// threading headers; `body` as the reply's text), a forward, or a reopened draft.
    public func start(_ start: Start, body: String = "") throws -> Started {
        let from = sender.address
        switch start {
        case .new:
            return Started(draft: Draft(from: from, body: body))
        case let .reply(id, all):
            let draft = MessageBuilder.replyDraft(to: try original(id), from: from, body: body, replyAll: all,
                                                  ownAddresses: [from.mailbox], quoteStyle: quoteStyle)
            return Started(draft: draft, inReplyTo: id)
        case let .forward(id):
            return Started(draft: MessageBuilder.forwardDraft(of: try original(id), from: from, to: [], body: body))
        case let .draft(id):
            guard try store.message(id: id).has(.draft) else { throw ComposeError.notADraft(id) }
            var reopened = Draft(reopening: try original(id))
            reopened.from = from
            // The message it answers, when it is in the store: marked answered once sent.
            let parent = try reopened.inReplyTo.first.flatMap { try store.messages(withMessageID: $0).first?.id }
            return Started(draft: reopened, inReplyTo: parent, replacingDraft: id)
        }
    }

    /// A stored message, parsed; its body must be downloaded.
    private func original(_ id: Int64) throws -> MIMEMessage {
        _ = try store.message(id: id)
        guard let raw = try store.rawMessage(id: id) else { throw ComposeError.bodyNotDownloaded(id) }
        return MessageParser.parse([UInt8](raw))
    }

    /// A file from disk as an attachment (`~` is the home folder).
    public static func attachment(path typed: String) throws -> Draft.Attachment {
        let path = typed.hasPrefix("~") ? NSHomeDirectory() + typed.dropFirst() : typed
        guard let data = FileManager.default.contents(atPath: path) else { throw ComposeError.unreadableAttachment(path) }
        let name = (path as NSString).lastPathComponent
        return Draft.Attachment(filename: name, mediaType: MediaType.guess(forFileName: name), data: [UInt8](data))
    }

    /// Queues a finished message in the outbox in one transaction, with its copy for
    /// Sent, and removes the draft it was written from.
    @discardableResult
    public static func enqueue(_ built: BuiltMessage, accountId: Int64, store: MailStore, inReplyTo: Int64?,
                               replacingDraft: Int64?) throws -> OutboxRecord {
        let queued = try store.enqueue(accountId: accountId, raw: Data(built.bytes), envelopeFrom: built.envelopeSender,
                                       recipients: built.recipients, inReplyToMessage: inReplyTo, sentCopy: built.sentCopy.map { Data($0) })
        if let replacingDraft { try store.expungeMessages(ids: [replacingDraft]) }
        return queued
    }
}

/// Why writing could not start or finish, in words that say what to do.
public enum ComposeError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownAccount(String)
    case notADraft(Int64)
    case bodyNotDownloaded(Int64)
    case unreadableAttachment(String)

    public var description: String {
        switch self {
        case let .unknownAccount(name): return "the account \(name) is unknown; `merle config check` lists the accounts"
        case let .notADraft(id): return "message \(id) is not a saved draft; the drafts are in the Drafts folder"
        case let .bodyNotDownloaded(id): return "the body of message \(id) is not downloaded yet; open it or sync first"
        case let .unreadableAttachment(path): return "cannot read the attachment \(path); check the path and its permissions"
        }
    }
}

extension IncomingServer {
    /// The store's kind for an account with this server.
    public var accountKind: AccountRecord.Kind {
        switch self {
        case .imap: return .imap
        case .pop3: return .pop3
        }
    }
}
