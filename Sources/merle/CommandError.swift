import MailStore
import MerleConfig
import SyncEngine

/// Why a command failed, in the one line `runReportingFailure` prints: what failed and
/// what to do. Each command names it after itself (`ComposeError` …) for its readers.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension MerleConfiguration {
    /// The configured account that message `id` belongs to, for writing from it (a reply,
    /// a bounce, an answer to an invitation, an unsubscribe): an unknown message or an
    /// account the config no longer has is an error that says so.
    func account(ofMessage id: Int64, store: MailStore) throws -> AccountConfiguration {
        guard let place = try store.messagePlace(id: id) else { throw StoreError.notFound("message \(id)") }
        guard let account = account(named: place.account) else {
            throw CommandError("message \(id) belongs to account \(place.account), which the config no longer has; add it back to write from it")
        }
        return account
    }

    /// A composer writing from `account` (its identities, signature and sent folder).
    func composer(for account: AccountConfiguration, store: MailStore) throws -> Composer {
        Composer(store: store, sender: try Composer.sender(account: account.name, configured: accounts, store: store))
    }
}
