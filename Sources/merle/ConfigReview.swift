import Foundation
import MailCrypto
import MailUI
import MerleConfig

/// What `merle config check` finds in a configuration that loaded: problems (the file
/// cannot work as written: exit 1, no "OK") and warnings (it works, with a catch: exit 0,
/// said as "warning").
struct ConfigReview {
    /// One line per account: its servers, then its problems and warnings.
    var lines: [String] = []
    var problems = 0
    var warnings = 0

    init(_ configuration: MerleConfiguration) {
        for account in configuration.accounts {
            let incoming = account.incoming.server
            lines.append("  \(account.name) <\(account.email)>: \(account.incoming.mailProtocol.rawValue) \(incoming.host):\(incoming.port) (\(incoming.tls.rawValue))"
                         + (account.smtp.map { ", smtp \($0.host):\($0.port) (\($0.tls.rawValue))" } ?? ", no smtp"))
            for server in [incoming] + (account.smtp.map { [$0] } ?? []) {
                if server.tls == .insecure {
                    warn("\(server.host):\(server.port) uses tls = \"insecure\": password and mail travel unencrypted")
                }
                if let caFile = server.caFile, !FileManager.default.fileExists(atPath: caFile) {
                    problem("ca_file \(caFile) of account \"\(account.name)\" does not exist; "
                            + "point ca_file at the PEM file of the CA that signed the server's certificate")
                }
            }
            if account.smtp == nil { warn(MissingSMTP.advice(account: account.name)) }
        }
        reviewCryptography(configuration.general)
        // A saved search whose query the search language cannot read would fail each time it is opened.
        for search in configuration.searches {
            do {
                _ = try SearchQuery(search.query, folderId: nil)
            } catch {
                problem("the saved search \"\(search.name)\" cannot be read: \(error); fix its query in [[search]]")
            }
        }
        reviewWriting(configuration)
        do {
            _ = try Keymap.configured(configuration)
        } catch {
            problem("\(error)")
        }
    }

    /// The GnuPG and S/MIME setup reading uses: which gpg, which home, which secret keys;
    /// the S/MIME key and certificate, and whether they belong together.
    private mutating func reviewCryptography(_ general: GeneralSettings) {
        let cryptography = MailCryptography(settings: general)
        let pgp = cryptography.pgp.setup()
        if let gpg = pgp.gpg {
            let keys = pgp.secretKeys.count
            lines.append("  openpgp: gpg \(gpg.version) (\(gpg.path)) through GPGME \(pgp.gpgmeVersion ?? "?"), home \(pgp.home): "
                         + (pgp.homeExists ? "\(keys) secret key\(keys == 1 ? "" : "s")" : "does not exist yet (no keys)"))
            for key in pgp.secretKeys { lines.append("    \(TerminalText.oneLine(key.userID)) \(key.fingerprint)") }
        } else {
            warn("no gpg was found: OpenPGP mail cannot be checked or decrypted; install gnupg")
        }
        for (key, path) in [("smime_key", general.smimeKey), ("smime_certificate", general.smimeCertificate), ("smime_ca_file", general.smimeCAFile)] {
            if let path, !FileManager.default.fileExists(atPath: path) {
                problem("\(key) \(path) does not exist; point it at a PEM file")
                return
            }
        }
        let identities = cryptography.smime.identityFacts()
        if identities.isEmpty {
            lines.append("  s/mime: no key set (smime_key), so encrypted S/MIME mail cannot be read; signatures are checked against the system's CAs"
                         + (general.smimeCAFile.map { " and \($0)" } ?? ""))
        }
        for facts in identities {
            if let problem = facts.problem {
                self.problem("S/MIME: \(problem)")
                continue
            }
            lines.append("  s/mime: \(TerminalText.oneLine(facts.subject ?? "?")) (\(facts.addresses.joined(separator: ", "))), valid until \(facts.validUntil ?? "?")")
        }
    }

    /// The recipients' certificates folder, and for each account that encrypts by
    /// default, whether its own key is there (encrypted mail is encrypted to it too).
    private mutating func reviewWriting(_ configuration: MerleConfiguration) {
        let cryptography = MailCryptography(settings: configuration.general)
        if let folder = configuration.general.smimeCertificates {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue {
                let count = cryptography.smime.recipientCertificateCount()
                lines.append("  s/mime: \(count) recipient certificate\(count == 1 ? "" : "s") in \(folder)")
            } else {
                problem("smime_certificates \(folder) is not a folder; point it at a folder of PEM certificates")
            }
        }
        for account in configuration.accounts where account.searchEncrypted {
            warn("account \(account.name) searches encrypted mail (search_encrypted = true): the words of its encrypted "
                 + "messages are kept decrypted in the search index on disk")
        }
        for account in configuration.accounts where account.encrypt != .never {
            let own = cryptography.recipientsLackingKeys([account.email], format: .openPGP)
            if let missing = own.first {
                warn("account \(account.name) encrypts (encrypt = \"\(account.encrypt.rawValue)\"), but \(missing): "
                     + "encrypted mail must also be encrypted to you, so it would not be queued")
            }
        }
        for account in configuration.accounts { reviewAutocrypt(account, cryptography: cryptography) }
    }

    /// Whether the account's mail carries its Autocrypt header, and why not.
    private mutating func reviewAutocrypt(_ account: AccountConfiguration, cryptography: MailCryptography) {
        let name = "  autocrypt (\(TerminalText.oneLine(account.name))): "
        guard account.autocrypt != false else {
            lines.append(name + "off (autocrypt = false); keys in incoming mail are still learnt")
            return
        }
        switch cryptography.autocryptKeyData(for: account.email) {
        case let .success(key):
            lines.append(name + "on: mail from \(account.email) carries its key (\(key.count) bytes), "
                         + (account.autocryptPreferEncrypt ? "prefer-encrypt=mutual" : "no encryption preference (autocrypt_prefer_encrypt = false)"))
        case let .failure(missing):
            if account.autocrypt == true {
                warn("account \(account.name) has autocrypt = true, but \(missing.reason): its mail goes without the Autocrypt header")
            } else {
                lines.append(name + "off: \(missing.reason) (with autocrypt = true config check flags it; autocrypt = false turns it off)")
            }
        }
    }

    private mutating func warn(_ text: String) {
        warnings += 1
        lines.append("    warning: \(text)")
    }

    private mutating func problem(_ text: String) {
        problems += 1
        lines.append("    problem: \(text)")
    }

    /// The file has problems: what to do, for the one line on stderr.
    struct Problems: Error, CustomStringConvertible {
        let file: String
        let count: Int
        var description: String {
            "\(file): \(count) problem\(count == 1 ? "" : "s") (listed above); fix \(count == 1 ? "it" : "them") and run `merle config check` again"
        }
    }
}
