import Foundation
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
        let general = configuration.general
        for (key, path) in [("smime_key", general.smimeKey), ("smime_certificate", general.smimeCertificate), ("smime_ca_file", general.smimeCAFile)] {
            if let path, !FileManager.default.fileExists(atPath: path) {
                problem("\(key) \(path) does not exist; point it at a PEM file")
            }
        }
        do {
            _ = try Keymap.configured(configuration)
        } catch {
            problem("\(error)")
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

/// An account without `[account.smtp]` reads mail but cannot send it.
enum MissingSMTP {
    /// What that means and what to add.
    static func advice(account: String) -> String {
        "account \(account) has no [account.smtp]: it can read mail but not send; add an [account.smtp] table "
            + "(host, port, tls, user, password_command) to the account to send its mail"
    }
}
