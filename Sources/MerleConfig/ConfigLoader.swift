import Foundation
import MailMessage
import TOMLKit
import Transport

/// Reads and validates the TOML configuration, reporting every problem with its line,
/// column and what to write instead.
public enum ConfigLoader {
    /// Keys each table accepts; anything else is an error with a suggestion, because a
    /// misspelt key silently ignored is a setting the user believes is on.
    static let generalKeys = ["theme", "mark_read", "quote_style", "keys", "html_viewer", "address_book_command",
                              "smime_key", "smime_certificate", "smime_ca_file", "smime_certificates", "send_delay"]
    static let accountKeys = ["name", "email", "display_name", "imap", "pop3", "smtp", "sent_folder", "server_saves_sent",
                              "identity", "alternates", "signature", "signature_file", "signature_command", "reply_to", "html_viewer",
                              "address_book_command", "sign", "encrypt", "crypto", "send_delay",
                              "autocrypt", "autocrypt_prefer_encrypt", "search_encrypted"]
    static let smtpKeys = ["dsn_notify", "dsn_return"]
    static let imapKeys = ["bodies", "compress", "watch"]
    static let serverKeys = ["host", "port", "tls", "user", "password_command", "oauth_token_command",
                             "ca_file", "fingerprint"]

    /// Loads the file at `path`.
    public static func load(path: String) throws -> MerleConfiguration {
        guard FileManager.default.fileExists(atPath: path) else {
            throw MissingConfigError(path: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, problem: "cannot read the file", fix: "check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, problem: "the file is not valid UTF-8", fix: "save it as UTF-8")
        }
        return try parse(text, file: path)
    }

    /// Parses configuration text; `file` names it in errors.
    public static func parse(_ text: String, file: String = "config.toml") throws -> MerleConfiguration {
        let root: TOMLTable
        do {
            // What toml++ would abort the process on never reaches it; a mistake in an
            // earlier statement is still reported first, as toml++ would.
            if let crash = TOMLCrashGuard.firstCrash(in: text) {
                _ = try TOMLTable(string: crash.statements(before: text))
                throw ConfigError(file: file, line: crash.line, column: crash.column, problem: "not valid TOML: \(crash.problem)",
                                  fix: "write tables as [account.imap] or [[account]], and keys as `key = \"value\"`")
            }
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(file: file, line: error.source.begin.line, column: error.source.begin.column,
                              problem: "not valid TOML: \(error.description)",
                              fix: "write keys as `key = \"value\"` and tables as `[table]` or `[[account]]`")
        }
        let reader = TableReader(file: file, locator: TOMLLocator(source: text))
        try reader.checkKeys(root, path: "", allowed: ["general", "account", "keys", "search"])

        var general = GeneralSettings()
        if let table = try reader.table(root, "general", path: "") {
            try reader.checkKeys(table, path: "general", allowed: generalKeys)
            if let theme = try reader.string(table, "theme", path: "general") { general.theme = theme }
            if let text = try reader.string(table, "mark_read", path: "general") {
                guard let policy = MarkReadPolicy(text) else {
                    throw reader.error("general.mark_read", problem: "mark_read = \"\(text)\" is not a choice",
                                       fix: "write \"on-open\", \"after:SECONDS\" (e.g. \"after:3\") or \"never\"")
                }
                general.markRead = policy
            }
            if let text = try reader.string(table, "quote_style", path: "general") {
                guard let style = QuoteStyle(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) else {
                    throw reader.error("general.quote_style", problem: "quote_style = \"\(text)\" is not a choice",
                                       fix: "write \"bottom\" (your text below the quote) or \"top\" (above it)")
                }
                general.quoteStyle = style
            }
            general.addressBookCommand = try addressBookCommand(table, path: "general", reader: reader).flatMap { $0.isEmpty ? nil : $0 }
            if let text = try reader.string(table, "keys", path: "general") {
                guard let set = KeySet(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) else {
                    throw reader.error("general.keys", problem: "keys = \"\(text)\" is not a key set",
                                       fix: "write \"merle\" (the default) or \"mutt\" (NeoMutt's bindings where they differ)")
                }
                general.keySet = set
            }
            if let viewer = try parseHTMLViewer(table, path: "general", reader: reader) { general.htmlViewer = viewer }
            if let delay = try sendDelay(table, path: "general", reader: reader) { general.sendDelay = delay }
            let expanded = { (key: String) in try reader.string(table, key, path: "general").map { ($0 as NSString).expandingTildeInPath } }
            general.smimeKey = try expanded("smime_key")
            general.smimeCertificate = try expanded("smime_certificate")
            general.smimeCAFile = try expanded("smime_ca_file")
            general.smimeCertificates = try expanded("smime_certificates")
            if (general.smimeKey == nil) != (general.smimeCertificate == nil) {
                throw reader.error("general.\(general.smimeKey == nil ? "smime_certificate" : "smime_key")",
                                   problem: "smime_key and smime_certificate go together",
                                   fix: "name both the PEM private key and its certificate, or neither")
            }
        }

        guard let accountValue = root["account"] else {
            throw ConfigError(file: file, line: 1, column: 1, problem: "no account is configured",
                              fix: "add an [[account]] table with name, email and an [account.imap] or [account.pop3] server")
        }
        guard let accountArray = accountValue.array else {
            throw reader.error("account", problem: "`account` must be an array of tables",
                               fix: "write each account as [[account]] (two brackets)")
        }
        var accounts: [AccountConfiguration] = []
        for index in 0..<accountArray.count {
            let path = "account[\(index)]"
            guard let table = accountArray[index].table else {
                throw reader.error(path, problem: "an account must be a table", fix: "write it as [[account]]")
            }
            var account = try parseAccount(table, path: path, reader: reader)
            // The account's own command, else the general one; "" in the account: none.
            if let own = try addressBookCommand(table, path: path, reader: reader) {
                account.addressBookCommand = own.isEmpty ? nil : own
            } else {
                account.addressBookCommand = general.addressBookCommand
            }
            account.sendDelay = try sendDelay(table, path: path, reader: reader) ?? general.sendDelay
            account.searchEncrypted = try reader.bool(table, "search_encrypted", path: path) ?? false
            if accounts.contains(where: { $0.name == account.name }) {
                throw reader.error("\(path).name", problem: "a second account is named \"\(account.name)\"",
                                   fix: "give each account its own name")
            }
            accounts.append(account)
        }
        return MerleConfiguration(general: general, accounts: accounts, keys: try parseKeys(root, reader: reader),
                                  searches: try parseSearches(root, reader: reader))
    }

    /// `[[search]]`: a name and a query each; names differ (in any case) and hold no
    /// control characters, since they show in the sidebar and on the command line.
    private static func parseSearches(_ root: TOMLTable, reader: TableReader) throws -> [SavedSearch] {
        guard let value = root["search"] else { return [] }
        guard let array = value.array else {
            throw reader.error("search", problem: "`search` must be an array of tables",
                               fix: "write each saved search as [[search]] (two brackets) with name and query")
        }
        var searches: [SavedSearch] = []
        for index in 0..<array.count {
            let path = "search[\(index)]"
            guard let table = array[index].table else {
                throw reader.error(path, problem: "a saved search must be a table", fix: "write it as [[search]]")
            }
            try reader.checkKeys(table, path: path, allowed: SavedSearch.keys)
            let name = try reader.requiredString(table, "name", path: path, example: "name = \"Unread from Ada\"")
            let query = try reader.requiredString(table, "query", path: path, example: "query = \"from:ada is:unread\"")
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw reader.error("\(path).name", problem: "the saved search name \"\(name)\" is empty or holds control characters",
                                   fix: "use a short name such as \"Unread from Ada\"")
            }
            guard !query.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw reader.error("\(path).query", problem: "the saved search \"\(name)\" has an empty query",
                                   fix: "write what to find, e.g. query = \"from:ada is:unread\"")
            }
            if searches.contains(where: { $0.name.lowercased() == name.lowercased() }) {
                throw reader.error("\(path).name", problem: "a second saved search is named \"\(name)\"",
                                   fix: "give each saved search its own name")
            }
            searches.append(SavedSearch(name: name.trimmingCharacters(in: .whitespaces), query: query))
        }
        return searches
    }

    /// `send_delay`: seconds a message sent in the reader waits in the outbox, when `u`
    /// can still take it back (0: no delay).
    private static func sendDelay(_ table: TOMLTable, path: String, reader: TableReader) throws -> Int? {
        guard let delay = try reader.integer(table, "send_delay", path: path) else { return nil }
        guard (0...3600).contains(delay) else {
            throw reader.error("\(path).send_delay", problem: "send_delay = \(delay) is not between 0 and 3600 seconds",
                               fix: "write send_delay = 10 (seconds to undo a send; 0 sends at once); for later, use send later (s, --send-at)")
        }
        return delay
    }

    private static func parseAccount(_ table: TOMLTable, path: String, reader: TableReader) throws -> AccountConfiguration {
        try reader.checkKeys(table, path: path, allowed: accountKeys)
        let name = try reader.requiredString(table, "name", path: path, example: "name = \"work\"")
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw reader.error("\(path).name", problem: "the account name \"\(name)\" is empty or has characters other than letters, digits, - _ .",
                               fix: "use a short name such as \"work\"")
        }
        let email = try reader.requiredString(table, "email", path: path, example: "email = \"alice@example.org\"")
        guard Self.looksLikeAddress(email) else {
            throw reader.error("\(path).email", problem: "\"\(email)\" is not an email address",
                               fix: "write it as email = \"alice@example.org\"")
        }
        let displayName = try reader.string(table, "display_name", path: path)
        if let displayName, displayName.contains(where: { $0.isNewline }) {
            throw reader.error("\(path).display_name", problem: "display_name contains a line break", fix: "keep it on one line")
        }

        let imap = try reader.table(table, "imap", path: path)
        let pop3 = try reader.table(table, "pop3", path: path)
        let incoming: IncomingServer
        switch (imap, pop3) {
        case let (imap?, nil):
            incoming = .imap(try parseServer(imap, path: "\(path).imap", protocol: .imap, reader: reader, extraKeys: imapKeys))
        case let (nil, pop3?):
            incoming = .pop3(try parseServer(pop3, path: "\(path).pop3", protocol: .pop3, reader: reader,
                                             extraKeys: POP3Policy.keys))
        case (.some, .some):
            throw reader.error("\(path).pop3", problem: "account \"\(name)\" has both [account.imap] and [account.pop3]",
                               fix: "keep one of them; make a second [[account]] for the other")
        case (nil, nil):
            throw reader.error(path, problem: "account \"\(name)\" has no incoming server",
                               fix: "add an [account.imap] table (or [account.pop3]) with host and user")
        }
        let smtpTable = try reader.table(table, "smtp", path: path)
        let smtp = try smtpTable.map {
            try parseServer($0, path: "\(path).smtp", protocol: .smtp, reader: reader, extraKeys: smtpKeys)
        }
        var dsnNotify: String?
        var dsnReturn: String?
        if let smtpTable {
            dsnNotify = try reader.string(smtpTable, "dsn_notify", path: "\(path).smtp").map { $0.uppercased() }
            if let notify = dsnNotify {
                let words = notify.split(separator: ",").map(String.init)
                guard !words.isEmpty, words.allSatisfy({ ["NEVER", "SUCCESS", "FAILURE", "DELAY"].contains($0) }),
                      !(words.contains("NEVER") && words.count > 1) else {
                    throw reader.error("\(path).smtp.dsn_notify", problem: "dsn_notify = \"\(notify)\" is not a DSN NOTIFY value",
                                       fix: "write NEVER, or a comma list of SUCCESS, FAILURE, DELAY")
                }
            }
            dsnReturn = try reader.string(smtpTable, "dsn_return", path: "\(path).smtp").map { $0.uppercased() }
            if let ret = dsnReturn, ret != "FULL", ret != "HDRS" {
                throw reader.error("\(path).smtp.dsn_return", problem: "dsn_return = \"\(ret)\" is not FULL or HDRS",
                                   fix: "write dsn_return = \"HDRS\" (headers only) or \"FULL\"")
            }
        }
        var bodies = BodyPolicy.all
        var compress = false
        var watchFolders = ["INBOX"]
        if let imap {
            if let text = try reader.string(imap, "bodies", path: "\(path).imap") {
                guard let policy = BodyPolicy(text) else {
                    throw reader.error("\(path).imap.bodies", problem: "bodies = \"\(text)\" is not a body policy",
                                       fix: "write bodies = \"all\", \"recent:30\" (days) or \"on-demand\"")
                }
                bodies = policy
            }
            compress = try reader.bool(imap, "compress", path: "\(path).imap") ?? false
            watchFolders = try parseWatch(imap, path: "\(path).imap", reader: reader) ?? watchFolders
        }
        let sentFolder = try oneLine(table, "sent_folder", path: path, reader: reader)
        let serverSavesSent = try reader.bool(table, "server_saves_sent", path: path) ?? false
        let sign = try reader.bool(table, "sign", path: path) ?? false
        var encrypt = EncryptPolicy.never
        if let text = try reader.string(table, "encrypt", path: path) {
            guard let chosen = EncryptPolicy(rawValue: text) else {
                throw reader.error("\(path).encrypt", problem: "encrypt = \"\(text)\" is not an encryption policy",
                                   fix: "write encrypt = \"never\", \"opportunistic\" or \"always\"")
            }
            encrypt = chosen
        }
        var crypto = SecurityFormat.openPGP
        if let text = try reader.string(table, "crypto", path: path) {
            switch text.lowercased() {
            case "pgp", "openpgp": crypto = .openPGP
            case "smime", "s/mime": crypto = .smime
            default:
                throw reader.error("\(path).crypto", problem: "crypto = \"\(text)\" is neither pgp nor smime",
                                   fix: "write crypto = \"pgp\" (GnuPG) or crypto = \"smime\" (S/MIME certificates)")
            }
        }
        // Autocrypt: nil means "when the account has an OpenPGP key" (decided where keys are known).
        let autocrypt = try reader.bool(table, "autocrypt", path: path)
        let autocryptPreferEncrypt = try reader.bool(table, "autocrypt_prefer_encrypt", path: path) ?? false
        var policy = POP3Policy()
        if let pop3 {
            let pop3Path = "\(path).pop3"
            policy.deleteAfterDownload = try reader.bool(pop3, "delete_after_download", path: pop3Path) ?? false
            policy.deleteWhenDeletedLocally = try reader.bool(pop3, "delete_when_deleted_locally", path: pop3Path) ?? false
            if let days = pop3["delete_after_days"] {
                guard let number = days.int, number >= 0 else {
                    throw reader.error("\(pop3Path).delete_after_days", problem: "delete_after_days must be a whole number of days",
                                       fix: "write e.g. delete_after_days = 30 (no quotes)")
                }
                policy.deleteAfterDays = number
            }
        }
        return AccountConfiguration(name: name, email: email, displayName: displayName, incoming: incoming, smtp: smtp,
                                    pop3Policy: policy, sentFolder: sentFolder, serverSavesSent: serverSavesSent,
                                    dsnNotify: dsnNotify, dsnReturn: dsnReturn, bodies: bodies, compress: compress,
                                    watchFolders: watchFolders,
                                    signature: try parseSignature(table, path: path, reader: reader),
                                    replyTo: try parseReplyTo(table, path: path, reader: reader),
                                    identities: try parseIdentities(table, path: path, accountEmail: email, reader: reader),
                                    alternates: try parseAlternates(table, path: path, reader: reader),
                                    htmlViewer: try parseHTMLViewer(table, path: path, reader: reader),
                                    sign: sign, encrypt: encrypt, crypto: crypto,
                                    autocrypt: autocrypt, autocryptPreferEncrypt: autocryptPreferEncrypt)
    }

    private static func parseServer(_ table: TOMLTable, path: String, protocol mailProtocol: MailProtocol,
                                    reader: TableReader, extraKeys: [String] = []) throws -> ServerConfiguration {
        try reader.checkKeys(table, path: path, allowed: serverKeys + extraKeys)
        let host = try reader.requiredString(table, "host", path: path, example: "host = \"\(mailProtocol.rawValue).example.org\"")
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw reader.error("\(path).host", problem: "\"\(host)\" is not a host name", fix: "write only the name, e.g. host = \"mail.example.org\"")
        }
        var tls = TLSMode.implicit
        if let text = try reader.string(table, "tls", path: path) {
            guard let mode = TLSMode(rawValue: text) else {
                throw reader.error("\(path).tls", problem: "tls = \"\(text)\" is not a TLS mode",
                                   fix: "write tls = \"implicit\" (TLS from the start), \"starttls\" or, only on a trusted link, \"insecure\"")
            }
            tls = mode
        }
        var port = mailProtocol.defaultPort(tls: tls)
        if let value = table["port"] {
            guard let number = value.int, (1...65535).contains(number) else {
                throw reader.error("\(path).port", problem: "port must be a whole number from 1 to 65535",
                                   fix: "write port = \(port) (no quotes)")
            }
            port = UInt16(number)
        }
        let user = try reader.requiredString(table, "user", path: path, example: "user = \"alice\"")
        let passwordCommand = try reader.string(table, "password_command", path: path)
        let oauthTokenCommand = try reader.string(table, "oauth_token_command", path: path)
        let caFile = try reader.string(table, "ca_file", path: path).map { ($0 as NSString).expandingTildeInPath }
        var fingerprint: CertificateFingerprint?
        if let text = try reader.string(table, "fingerprint", path: path) {
            guard let parsed = CertificateFingerprint(text) else {
                throw reader.error("\(path).fingerprint", problem: "\"\(text)\" is not a SHA-256 fingerprint",
                                   fix: "write fingerprint = \"sha256:AB:CD:…\" with 32 hex bytes (see `merle config check --connect`)")
            }
            fingerprint = parsed
        }
        return ServerConfiguration(host: host, port: port, tls: tls, user: user, passwordCommand: passwordCommand,
                                   oauthTokenCommand: oauthTokenCommand, caFile: caFile, fingerprint: fingerprint)
    }

    /// `address_book_command`: one line (a line break would end the shell command early).
    private static func addressBookCommand(_ table: TOMLTable, path: String, reader: TableReader) throws -> String? {
        guard let command = try reader.string(table, "address_book_command", path: path) else { return nil }
        if command.contains(where: { $0.isNewline }) {
            throw reader.error("\(path).address_book_command", problem: "address_book_command contains a line break",
                               fix: "keep the command on one line, e.g. address_book_command = \"khard email --parsable --remove-first-line %s\"")
        }
        return command.trimmingCharacters(in: .whitespaces)
    }

    static func looksLikeAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
    }

    /// A working example, shown when no configuration exists.
    public static let sampleConfig = """
    [general]
    theme = "default"

    [[account]]
    name = "work"
    email = "alice@example.org"
    display_name = "Alice Example"

    [account.imap]
    host = "imap.example.org"
    port = 993
    tls = "implicit"          # implicit | starttls | insecure
    user = "alice"
    password_command = "pass show mail/work"

    [account.smtp]
    host = "smtp.example.org"
    port = 465
    tls = "implicit"
    user = "alice"
    password_command = "pass show mail/work"

    """
}
