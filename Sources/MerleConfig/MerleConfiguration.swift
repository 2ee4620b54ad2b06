import MailMessage
import Transport

/// The whole configuration file: general settings and the accounts.
public struct MerleConfiguration: Sendable, Equatable {
    public var general: GeneralSettings
    public var accounts: [AccountConfiguration]
    /// `[keys.CONTEXT]` tables: key name → action name, checked by the UI's keymap.
    public var keys: [String: [String: String]]

    public init(general: GeneralSettings = GeneralSettings(), accounts: [AccountConfiguration], keys: [String: [String: String]] = [:]) {
        self.general = general
        self.accounts = accounts
        self.keys = keys
    }

    /// The account called `name`.
    public func account(named name: String) -> AccountConfiguration? {
        accounts.first { $0.name == name }
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
    /// A command that looks up addresses (khard, abook, notmuch-address), for every
    /// account that names none of its own (`AddressBookCommand`).
    public var addressBookCommand: String?

    public init(theme: String = "default", markRead: MarkReadPolicy = .onOpen, quoteStyle: QuoteStyle = .bottom,
                addressBookCommand: String? = nil) {
        self.theme = theme
        self.markRead = markRead
        self.quoteStyle = quoteStyle
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

    public init(name: String, email: String, displayName: String? = nil,
                incoming: IncomingServer, smtp: ServerConfiguration? = nil, pop3Policy: POP3Policy = POP3Policy(),
                sentFolder: String? = nil, serverSavesSent: Bool = false, dsnNotify: String? = nil, dsnReturn: String? = nil,
                bodies: BodyPolicy = .all, compress: Bool = false, watchFolders: [String] = ["INBOX"],
                addressBookCommand: String? = nil) {
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
