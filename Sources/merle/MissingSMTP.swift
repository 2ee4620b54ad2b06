import Foundation
import MerleConfig

/// An account without `[account.smtp]` reads mail but cannot send it.
enum MissingSMTP {
    /// What that means and what to add.
    static func advice(account: String) -> String {
        "account \(account) has no [account.smtp]: it can read mail but not send; add an [account.smtp] table "
            + "(host, port, tls, user, password_command) to the account to send its mail"
    }

    /// Prints what a command queued (`words`: "Queued message 7 to 2 recipients") and
    /// when it goes: with `merle send` (or, for one sent later, with whichever runs after
    /// `sendAfter`), or, for an account without SMTP, a warning and that it waits.
    static func printQueued(_ words: String, account: AccountConfiguration, sendAfter: Date? = nil) {
        if account.smtp == nil {
            // Queued all the same: adding the server later sends it, and nothing is lost.
            printWarning(advice(account: account.name))
            print("\(words); it cannot be sent until account \(account.name) has an [account.smtp] server, and waits in the outbox until then.")
        } else if let sendAfter, sendAfter > Date() {
            print("\(words); the reader, `merle sync --watch` or a `merle send` run after then delivers it.")
        } else {
            print("\(words); `merle send` delivers it.")
        }
    }
}
