import MailCrypto
import MailStore
import MerleConfig

/// The accounts' `search_encrypted` handed to the store, by every command that indexes
/// (`merle sync`, `merle search`, `merle list`, the reader): so one choice holds
/// whichever runs, and turning it off takes decrypted words out of the index again.
public enum EncryptedSearchSetup {
    /// Applies the choice to `store`; returns how many messages wait to be indexed again.
    @discardableResult
    public static func apply(accounts: [AccountConfiguration], settings: GeneralSettings, to store: MailStore) throws -> Int {
        let names = Set(accounts.filter(\.searchEncrypted).map(\.name))
        let ids = try store.accounts().filter { names.contains($0.name) }.compactMap(\.id)
        guard !ids.isEmpty else { return try store.useEncryptedBodySearch(nil) }
        return try store.useEncryptedBodySearch(EncryptedBodySearch(accountIds: Set(ids), cryptography: cryptography(settings)))
    }

    /// The user's keys, as the reader opens mail, but never asking for a passphrase: the
    /// index is made in the background, so only a key the agent holds a passphrase for
    /// (or one without) decrypts there.
    static func cryptography(_ settings: GeneralSettings) -> MailCryptography {
        var cryptography = MailCryptography(settings: settings)
        cryptography.pgp = PGPEngine(homeDirectory: cryptography.pgp.homeDirectory, passphrases: .cachedOnly)
        return cryptography
    }
}
