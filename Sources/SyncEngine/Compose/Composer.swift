import Foundation
import MailMessage
import MailStore
import MerleConfig

/// Writing mail: the one path the reader and `merle compose` share to start a message
/// (new, reply, reply-all, forward, a reopened draft), to find what it answers, to read
/// the files to attach, and to queue what was written (the engine's `enqueue` comes
/// here too).
public struct Composer: Sendable {
    /// Who writes: the account, by its store id, and the addresses it writes from.
    public struct Sender: Sendable, Equatable {
        public var accountId: Int64
        public var accountName: String
        /// The account's own address (its first identity).
        public var address: Address
        /// Why the account cannot send (no `[account.smtp]`), when it cannot.
        public var cannotSend: String?
        /// The identities to write from, the account's own first.
        public var identities: [Identity]
        /// Every address that is the user, in every account (left out of a reply to all).
        public var own: OwnAddresses

        public init(accountId: Int64, accountName: String, address: Address, cannotSend: String? = nil,
                    identities: [Identity]? = nil, own: OwnAddresses? = nil) {
            self.accountId = accountId
            self.accountName = accountName
            self.address = address
            self.cannotSend = cannotSend
            self.identities = identities ?? [Identity(email: address.mailbox, name: address.name)]
            self.own = own ?? OwnAddresses(addresses: self.identities.map(\.email))
        }

        /// The identity whose address is `mailbox`, if any.
        public func identity(for mailbox: String) -> Identity? {
            identities.first { $0.matches(mailbox) }
        }
    }

    /// Who a reply goes to.
    public enum Recipients: Sendable, Equatable {
        /// The author (Reply-To when given).
        case sender
        /// The author and everyone in To and Cc but the user.
        case all
        /// The list's posting address (List-Post).
        case list
    }

    /// How a message starts.
    public enum Start: Sendable, Equatable {
        case new
        case reply(Int64, to: Recipients)
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
        /// The identity it is written from, and the signature written for it.
        public var identity: Identity
        public var signature: String?
        /// Why the signature is missing, when it could not be read (the message starts without it).
        public var signatureProblem: String?
        /// How the reopened draft, or the message answered or forwarded, was encrypted
        /// (nil: it was not): what is written is encrypted too unless the user says otherwise.
        public var encryptedAs: SecurityFormat? = nil
    }

    public let store: MailStore
    public let sender: Sender
    /// Where a reply's text goes relative to the quote.
    public var quoteStyle: QuoteStyle = .bottom
    /// Decrypts a draft saved encrypted, when it is reopened; nil cannot.
    public var cryptography: (any MessageCryptography)?

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
            let own = OwnAddresses(addresses: configured.flatMap { $0.allIdentities.map(\.email) }, patterns: configured.flatMap(\.alternates))
            return Sender(accountId: record.id!, accountName: name, address: Address(name: account.displayName, mailbox: account.email),
                          cannotSend: cannotSend, identities: account.allIdentities, own: own)
        }
        guard let record = try store.accounts().first(where: { $0.name == name }) else { throw ComposeError.unknownAccount(name) }
        return Sender(accountId: record.id!, accountName: name, address: Address(name: nil, mailbox: record.email))
    }

    /// The first draft: empty, a reply (recipients, "Re:", the quote in `quoteStyle`,
    /// threading headers; `body` as the reply's text), a forward, or a reopened draft.
    /// It is written from `identity` when given, else from the identity the original
    /// was sent to (replies, forwards), the draft's own From (a reopened draft), or the
    /// account's address; that identity's signature and Reply-To come with it.
    public func start(_ start: Start, body: String = "", from chosen: Identity? = nil) throws -> Started {
        var identity = chosen ?? sender.identities[0]
        var loaded = signature(of: identity)
        switch start {
        case .new:
            var draft = Draft(from: identity.address, body: Signature.appending(loaded.text, to: body))
            draft.replyTo = identity.replyTo
            return Started(draft: draft, identity: identity, signature: loaded.text, signatureProblem: loaded.problem)
        case let .reply(id, recipients):
            let (message, encryptedAs) = opened(try original(id))
            if chosen == nil {
                identity = self.identity(answering: message)
                loaded = signature(of: identity)
            }
            let to: MessageBuilder.ReplyRecipients
            switch recipients {
            case .sender: to = .sender
            case .all: to = .all
            case .list:
                let list = ListHeaders(message)
                guard let address = list.postAddress else {
                    throw list.postingForbidden ? ComposeError.listTakesNoPosts(id) : ComposeError.notFromAList(id)
                }
                to = .list(address)
            }
            var draft = MessageBuilder.replyDraft(to: message, from: identity.address, body: body, recipients: to,
                                                  own: sender.own, quoteStyle: quoteStyle, signature: loaded.text)
            draft.replyTo = identity.replyTo
            return Started(draft: draft, inReplyTo: id, identity: identity, signature: loaded.text, signatureProblem: loaded.problem,
                           encryptedAs: encryptedAs)
        case let .forward(id):
            let (message, encryptedAs) = opened(try original(id))
            if chosen == nil {
                identity = self.identity(answering: message)
                loaded = signature(of: identity)
            }
            var draft = MessageBuilder.forwardDraft(of: message, from: identity.address, to: [], body: body, signature: loaded.text)
            draft.replyTo = identity.replyTo
            return Started(draft: draft, identity: identity, signature: loaded.text, signatureProblem: loaded.problem,
                           encryptedAs: encryptedAs)
        case let .draft(id):
            guard try store.message(id: id).has(.draft) else { throw ComposeError.notADraft(id) }
            let saved = try original(id)
            var reopened = try Draft.reopening(saved, cryptography: cryptography)
            // The draft's own From when it is an identity (its signature is in its text already).
            identity = chosen ?? sender.identity(for: reopened.from.mailbox) ?? sender.identities[0]
            if chosen != nil || sender.identity(for: reopened.from.mailbox) == nil { reopened.from = identity.address }
            // The message it answers, when it is in the store: marked answered once sent.
            let parent = try reopened.inReplyTo.first.flatMap { try store.messages(withMessageID: $0).first?.id }
            let type = saved.body.mediaType.mimeType
            let encryptedAs: SecurityFormat? = type == "multipart/encrypted" ? .openPGP
                : type == "application/pkcs7-mime" || type == "application/x-pkcs7-mime" ? .smime : nil
            return Started(draft: reopened, inReplyTo: parent, replacingDraft: id, identity: identity,
                           signature: try? identity.signature?.load(), encryptedAs: encryptedAs)
        }
    }

    /// A message replied to or forwarded, decrypted when it is encrypted as a whole and
    /// `cryptography` can (the quote and the forwarded copy are what is inside), and
    /// how it was encrypted: the answer is encrypted too unless the user says otherwise.
    func opened(_ message: MIMEMessage) -> (MIMEMessage, SecurityFormat?) {
        guard let format = message.wholeMessageEncryption else { return (message, nil) }
        return (cryptography.flatMap { message.decrypted(with: $0) } ?? message, format)
    }

    /// A stored message, parsed; its body must be downloaded.
    func original(_ id: Int64) throws -> MIMEMessage {
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

    /// Message `id` as it is, to be resent to `to` with Resent-* headers in front (a
    /// bounce), from `identity` when given, else from the identity it was sent to. Queue
    /// it with `enqueue(…, filesSentCopy: false)`.
    public func bounce(_ id: Int64, to: [Address], from chosen: Identity? = nil, builder: MessageBuilder = MessageBuilder()) throws -> BuiltMessage {
        guard !to.isEmpty else { throw MessageBuildError.noRecipients }
        _ = try store.message(id: id)
        guard let raw = try store.rawMessage(id: id) else { throw ComposeError.bodyNotDownloaded(id) }
        let bytes = [UInt8](raw)
        let identity = chosen ?? self.identity(answering: MessageParser.parse(bytes))
        return try builder.buildResent(bytes, from: identity.address, to: to)
    }

    /// Queues a finished message in the outbox in one transaction, with its copy for
    /// Sent (none with `filesSentCopy` false: a bounce), and removes the draft it was
    /// written from.
    @discardableResult
    public static func enqueue(_ built: BuiltMessage, accountId: Int64, store: MailStore, inReplyTo: Int64?,
                               replacingDraft: Int64?, filesSentCopy: Bool = true, sendAfter: Date? = nil) throws -> OutboxRecord {
        let queued = try store.enqueue(accountId: accountId, raw: Data(built.bytes), envelopeFrom: built.envelopeSender,
                                       recipients: built.recipients, inReplyToMessage: inReplyTo, sentCopy: built.sentCopy.map { Data($0) },
                                       filesSentCopy: filesSentCopy, sendAfter: sendAfter)
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
    case notFromAList(Int64)
    case listTakesNoPosts(Int64)
    case notAnIdentity(String, account: String, identities: [String])
    case noUnsubscribe(Int64)
    case notAnInvitation(Int64)
    case cannotAnswer(Int64, String)

    public var description: String {
        switch self {
        case let .unknownAccount(name): return "the account \(name) is unknown; `merle config check` lists the accounts"
        case let .notADraft(id): return "message \(id) is not a saved draft; the drafts are in the Drafts folder"
        case let .bodyNotDownloaded(id): return "the body of message \(id) is not downloaded yet; open it or sync first"
        case let .unreadableAttachment(path): return "cannot read the attachment \(path); check the path and its permissions"
        case let .notFromAList(id): return "message \(id) has no List-Post address, so it did not come from a mailing list; reply to the sender or to all instead"
        case let .listTakesNoPosts(id): return "the list message \(id) came from takes no posts (List-Post: NO); reply to the sender instead"
        case let .noUnsubscribe(id):
            return "message \(id) has no List-Unsubscribe header, so it says no way to leave its list; look for one in a message from the list, or ask its owner"
        case let .notAnInvitation(id):
            return "message \(id) holds no calendar invitation (a text/calendar part with METHOD:REQUEST, CANCEL or REPLY); only an invitation can be answered"
        case let .cannotAnswer(id, reason): return "message \(id) cannot be answered: \(reason)"
        case let .notAnIdentity(address, account, identities):
            return "\(address) is not an identity of account \(account); use one of \(identities.joined(separator: ", ")) or add it as an [[account.identity]]"
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
