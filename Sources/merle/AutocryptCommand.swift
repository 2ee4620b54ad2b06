import ArgumentParser
import Foundation
import MailStore

/// `merle autocrypt peers`: what Autocrypt (Level 1) has learnt from incoming mail.
struct AutocryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autocrypt", abstract: "Autocrypt: the keys and preferences learnt from correspondents' mail.",
        subcommands: [Peers.self, SetupMessage.self, ImportSetup.self], defaultSubcommand: Peers.self)

    /// `merle autocrypt peers [--account A] [--json]`: the peer table.
    struct Peers: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "peers", abstract: "List the Autocrypt peers: address, preference, when last seen, when the key was taken.",
            discussion: """
                Each line is ACCOUNT<TAB>ADDRESS<TAB>PREFER-ENCRYPT (mutual or nopreference)<TAB>LAST SEEN<TAB>KEY TAKEN<TAB>KEY BYTES. \
                Peers are learnt as mail lands (merle sync, the reader); mail in Junk teaches nothing.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this account's peers.", completion: .custom(CompletionNames.accounts)) var account: String?
        @Flag(help: "One JSON object per line.") var json = false

        func run() throws {
            try runReportingFailure {
                let store = try global.openStore()
                let accounts = try store.accounts().filter { account == nil || $0.name == account }
                if let account, accounts.isEmpty {
                    throw CommandError("no account named \"\(account)\" in the store; `merle sync` makes it, `merle config check` lists the accounts")
                }
                let format = ISO8601DateFormatter()
                for record in accounts {
                    for peer in try store.autocryptPeers(accountId: record.id!) {
                        let line = Line(account: record.name, address: peer.address, preferEncrypt: peer.preferEncrypt ? "mutual" : "nopreference",
                                        lastSeen: peer.lastSeen, autocryptTimestamp: peer.autocryptTimestamp, keyBytes: peer.publicKey.count)
                        if json {
                            try JSONLines.write(line)
                        } else {
                            print([line.account, line.address, line.preferEncrypt, format.string(from: line.lastSeen),
                                   format.string(from: line.autocryptTimestamp), String(line.keyBytes)]
                                .map(TerminalText.oneLine).joined(separator: "\t"))
                        }
                    }
                }
            }
        }

        /// The JSON shape of one peer.
        struct Line: Encodable {
            var account: String
            var address: String
            var preferEncrypt: String
            var lastSeen: Date
            var autocryptTimestamp: Date
            var keyBytes: Int

            enum CodingKeys: String, CodingKey {
                case account, address
                case preferEncrypt = "prefer_encrypt"
                case lastSeen = "last_seen"
                case autocryptTimestamp = "autocrypt_timestamp"
                case keyBytes = "key_bytes"
            }
        }
    }
}
