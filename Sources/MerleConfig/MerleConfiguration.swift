import MailMessage
import Transport

/// The whole configuration file: general settings and the accounts.
public struct MerleConfiguration: Sendable, Equatable {
    public var general: GeneralSettings
    public var accounts: [AccountConfiguration]
    /// `[keys.CONTEXT]` tables: key name → action name, checked by the UI's keymap.
    public var keys: [String: [String: String]]
    /// `[[search]]` entries: saved searches, in the file's order.
    public var searches: [SavedSearch]

    public init(general: GeneralSettings = GeneralSettings(), accounts: [AccountConfiguration], keys: [String: [String: String]] = [:],
                searches: [SavedSearch] = []) {
        self.general = general
        self.accounts = accounts
        self.keys = keys
        self.searches = searches
    }

    /// The saved search called `name` (in any case).
    public func search(named name: String) -> SavedSearch? {
        searches.first { $0.name.lowercased() == name.lowercased() }
    }

    /// The account called `name`.
    public func account(named name: String) -> AccountConfiguration? {
        accounts.first { $0.name == name }
    }

    /// Every address that is the user, in every account: the identities and the
    /// `alternates` patterns (a reply-all leaves them all out).
    public var ownAddresses: OwnAddresses {
        OwnAddresses(addresses: accounts.flatMap { $0.allIdentities.map(\.email) }, patterns: accounts.flatMap(\.alternates))
    }

    /// The account and identity whose address is `mailbox` (`merle compose --from`).
    public func identity(withAddress mailbox: String) -> (account: AccountConfiguration, identity: Identity)? {
        for account in accounts {
            if let identity = account.allIdentities.first(where: { $0.matches(mailbox) }) { return (account, identity) }
        }
        return nil
    }
}

/// The `[general]` table.
public struct GeneralSettings: Sendable, Equatable {
    /// A theme name: a file in Themes/ or the user theme folder.
    public var theme: String
    /// When opening a message marks it read.
    public var markRead: MarkReadPolicy
    /// Where a reply's text goes, below the quote (the default) or above it; the reader
    /// and `merle compose --reply-to` both follow it.
    public var quoteStyle: QuoteStyle
    /// Which default key bindings the reader starts from.
    public var keySet: KeySet
    /// How HTML is read, unless an account says otherwise.
    public var htmlViewer: HTMLViewer
    /// A command that looks up addresses (khard, abook, notmuch-address), for every
    /// account that names none of its own (`AddressBookCommand`).
    public var addressBookCommand: String?
    /// The user's S/MIME private key and certificate (PEM files, tilde expanded), for
    /// reading mail encrypted to them; both or neither.
    public var smimeKey: String?
    public var smimeCertificate: String?
    /// CA certificates (PEM) trusted for S/MIME signers besides the system's.
    public var smimeCAFile: String?
    /// Seconds a message sent in the reader waits in the outbox before it goes, while
    /// `u` can take it back (`send_delay`, default 10; 0: at once). Accounts may differ.
    public var sendDelay = 10
    /// A folder of recipients' S/MIME certificates (PEM files), to encrypt to.
    public var smimeCertificates: String?

    public init(theme: String = "default", markRead: MarkReadPolicy = .onOpen, quoteStyle: QuoteStyle = .bottom,
                keySet: KeySet = .merle, htmlViewer: HTMLViewer = .builtIn, addressBookCommand: String? = nil) {
        self.theme = theme
        self.markRead = markRead
        self.quoteStyle = quoteStyle
        self.keySet = keySet
        self.htmlViewer = htmlViewer
        self.addressBookCommand = addressBookCommand
    }
}

/// One `[[account]]`: who the user is there and the servers to talk to.
public struct AccountConfiguration: Sendable, Equatable {
    public var name: String
    public var email: String
    public var displayName: String?
    public var incoming: IncomingServer
    public var smtp: ServerConfiguration?
    /// For POP3 accounts: what to delete on the server.
    public var pop3Policy: POP3Policy
    /// Where sent mail is saved (IMAP accounts): the folder named here, else the one
    /// marked `\Sent` (RFC 6154), else "Sent".
    public var sentFolder: String?
    /// The server files sent mail itself (Gmail does): do not APPEND a copy.
    public var serverSavesSent: Bool
    /// IMAP accounts: which bodies a sync downloads (`bodies = "all" | "recent:DAYS" | "on-demand"`).
    public var bodies: BodyPolicy
    /// IMAP accounts: COMPRESS=DEFLATE when the server offers it (pays on slow links only).
    public var compress: Bool
    /// IMAP accounts: folders (server names) watched with IDLE so new mail shows at
    /// once (`watch = ["INBOX", "Lists/swift"]`); one connection each. The TUI also
    /// watches the folder it has open.
    public var watchFolders: [String]
    /// DSN (RFC 3461) `NOTIFY=` for each recipient, e.g. "FAILURE,DELAY", when the server offers DSN.
    public var dsnNotify: String?
    /// DSN `RET=`: "FULL" or "HDRS".
    public var dsnReturn: String?
    /// The command that looks up addresses while writing from this account: its own
    /// `address_book_command`, else the one in `[general]`; nil for none (an empty
    /// string in the account turns the general one off there).
    public var addressBookCommand: String?
    /// The account's own signature and Reply-To (its default identity's).
    public var signature: SignatureSource?
    public var replyTo: [Address]
    /// More addresses to write from (`[[account.identity]]`), after the account's own.
    public var identities: [Identity]
    /// Glob patterns of addresses that are also the user (`alternates`).
    public var alternates: [String]
    /// How HTML is read in this account's mail; `[general] html_viewer` when nil.
    public var htmlViewer: HTMLViewer?
    /// Seconds a message sent from this account in the reader waits for undo: its own
    /// `send_delay`, else `[general]`'s (default 10).
    public var sendDelay = 10
    /// Whether mail from this account is signed unless the user says otherwise (`sign`).
    public var sign: Bool
    /// When mail from this account is encrypted (`encrypt`).
    public var encrypt: EncryptPolicy
    /// How this account signs and encrypts: PGP/MIME (the default) or S/MIME (`crypto`).
    public var crypto: SecurityFormat
    /// Whether this account's encrypted mail is decrypted for the search index
    /// (`search_encrypted`, default false): its words are then on disk in the index.
    public var searchEncrypted = false
    /// Whether mail from this account carries an Autocrypt header (`autocrypt`): true,
    /// false, or nil when not set, which means "when the account's address has an
    /// OpenPGP secret key" (Autocrypt Level 1).
    public var autocrypt: Bool?
    /// Whether the Autocrypt header says `prefer-encrypt=mutual` (`autocrypt_prefer_encrypt`).
    public var autocryptPreferEncrypt: Bool

    public init(name: String, email: String, displayName: String? = nil,
                incoming: IncomingServer, smtp: ServerConfiguration? = nil, pop3Policy: POP3Policy = POP3Policy(),
                sentFolder: String? = nil, serverSavesSent: Bool = false, dsnNotify: String? = nil, dsnReturn: String? = nil,
                bodies: BodyPolicy = .all, compress: Bool = false, watchFolders: [String] = ["INBOX"],
                signature: SignatureSource? = nil, replyTo: [Address] = [], identities: [Identity] = [], alternates: [String] = [],
                htmlViewer: HTMLViewer? = nil, addressBookCommand: String? = nil, sign: Bool = false,
                encrypt: EncryptPolicy = .never, crypto: SecurityFormat = .openPGP,
                autocrypt: Bool? = nil, autocryptPreferEncrypt: Bool = false) {
        self.autocrypt = autocrypt
        self.autocryptPreferEncrypt = autocryptPreferEncrypt
        self.crypto = crypto
        self.sign = sign
        self.encrypt = encrypt
        self.name = name
        self.email = email
        self.displayName = displayName
        self.incoming = incoming
        self.smtp = smtp
        self.pop3Policy = pop3Policy
        self.sentFolder = sentFolder
        self.serverSavesSent = serverSavesSent
        self.dsnNotify = dsnNotify
        self.dsnReturn = dsnReturn
        self.bodies = bodies
        self.compress = compress
        self.watchFolders = watchFolders
        self.addressBookCommand = addressBookCommand
        self.signature = signature
        self.replyTo = replyTo
        self.identities = identities
        self.alternates = alternates
        self.htmlViewer = htmlViewer
    }

    /// The account's own address as an identity: `email`, `display_name`, its
    /// signature, Reply-To and `sent_folder`.
    public var defaultIdentity: Identity {
        Identity(email: email, name: displayName, signature: signature, sentFolder: sentFolder, replyTo: replyTo)
    }

    /// The default identity, then the `[[account.identity]]` ones, in the config's order.
    public var allIdentities: [Identity] { [defaultIdentity] + identities }

    /// The identity whose address is `mailbox`, if any.
    public func identity(for mailbox: String) -> Identity? {
        allIdentities.first { $0.matches(mailbox) }
    }

    /// Where the sent copy of mail from `mailbox` goes: its identity's `sent_folder`,
    /// else the account's (nil: the folder marked `\Sent`, else "Sent").
    public func sentFolder(forSender mailbox: String) -> String? {
        identity(for: mailbox)?.sentFolder ?? sentFolder
    }

    /// The most folders `watch` may list. Each needs a connection of its own, servers
    /// cap connections per user and address (Dovecot: 10 by default) and the sync and
    /// the TUI's open folder take more; Thunderbird keeps at most 5 per server too.
    public static let maxWatchedFolders = 5
}

/// Where an account's mail comes from.
public enum IncomingServer: Sendable, Equatable {
    case imap(ServerConfiguration)
    case pop3(ServerConfiguration)

    public var server: ServerConfiguration {
        switch self {
        case let .imap(server), let .pop3(server): return server
        }
    }

    /// The protocol it speaks.
    public var mailProtocol: MailProtocol {
        switch self {
        case .imap: return .imap
        case .pop3: return .pop3
        }
    }
}

/// One server: `[account.imap]`, `[account.pop3]` or `[account.smtp]`.
public struct ServerConfiguration: Sendable, Equatable {
    public var host: String
    public var port: UInt16
    public var tls: TLSMode
    public var user: String
    /// A shell command whose first output line is the password. Never logged.
    public var passwordCommand: String?
    /// A shell command whose first output line is an OAuth2 access token.
    public var oauthTokenCommand: String?
    /// Extra CA certificates to trust (PEM).
    public var caFile: String?
    /// A pinned SHA-256 certificate fingerprint.
    public var fingerprint: CertificateFingerprint?

    public init(host: String, port: UInt16, tls: TLSMode = .implicit, user: String,
                passwordCommand: String? = nil, oauthTokenCommand: String? = nil,
                caFile: String? = nil, fingerprint: CertificateFingerprint? = nil) {
        self.host = host
        self.port = port
        self.tls = tls
        self.user = user
        self.passwordCommand = passwordCommand
        self.oauthTokenCommand = oauthTokenCommand
        self.caFile = caFile
        self.fingerprint = fingerprint
    }

    /// The address to connect to.
    public var endpoint: Endpoint { Endpoint(host: host, port: port) }

    /// The certificate checks for this server.
    public var tlsSettings: TLSSettings { TLSSettings(caFile: caFile, fingerprint: fingerprint) }
}
