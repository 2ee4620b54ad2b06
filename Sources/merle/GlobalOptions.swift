import ArgumentParser
import MailStore
import MailUI
import MerleConfig

/// Options every command takes: where the config and the data live. They may also come
/// before the subcommand's name (`GlobalOptionPlacement`).
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("config"),
            help: ArgumentHelp("Config file (default: $MERLE_CONFIG, else $XDG_CONFIG_HOME/merle/config.toml).", valueName: "path"))
    var configPath: String?

    @Option(name: .customLong("data-dir"),
            help: ArgumentHelp("Data folder (default: $MERLE_DATA_DIR, else $XDG_DATA_HOME/merle).", valueName: "path"))
    var dataDirectory: String?

    /// The config file this invocation uses.
    var resolvedConfigPath: String { ConfigPaths.configFile(option: configPath) }

    /// The data folder this invocation uses.
    var resolvedDataDirectory: String { ConfigPaths.dataDirectory(option: dataDirectory) }

    /// Opens the store in the data folder.
    func openStore() throws -> MailStore {
        try MailStore(path: MailStore.defaultPath(dataDirectory: resolvedDataDirectory))
    }

    /// Opens the store for a command that indexes bodies for search, with the accounts'
    /// `search_encrypted` applied (nil: no config to read it from; the store's index is
    /// then left as it is).
    func openStore(indexingFor configuration: MerleConfiguration?) throws -> MailStore {
        let store = try openStore()
        if let configuration {
            try EncryptedSearchSetup.apply(accounts: configuration.accounts, settings: configuration.general, to: store)
        }
        return store
    }

    /// What a command that writes about message `id` (a bounce, an answer to an
    /// invitation, an unsubscription) starts from: the config, the store, and the
    /// configured account the message belongs to.
    func openForWriting(aboutMessage id: Int64) throws -> (configuration: MerleConfiguration, store: MailStore, account: AccountConfiguration) {
        let configuration = try loadConfiguration()
        let store = try openStore()
        return (configuration, store, try configuration.account(ofMessage: id, store: store))
    }

    /// Loads and validates the configuration.
    func loadConfiguration() throws -> MerleConfiguration {
        try ConfigLoader.load(path: resolvedConfigPath)
    }
}
