import ArgumentParser
import Foundation
import MailCrypto
import MailMessage
import MailStore
import MailUI
import MerleConfig
import SyncEngine

extension AutocryptCommand {
    /// `merle autocrypt setup-message [--account A]`: the Autocrypt Setup Message
    /// (Level 1 section 4.4), queued to the account's own address; the Setup Code is
    /// printed once and kept nowhere.
    struct SetupMessage: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "setup-message",
            abstract: "Queue an Autocrypt Setup Message (your secret key, encrypted) to yourself, and print its Setup Code once.",
            discussion: """
                The message goes to the account's own address through the outbox (`merle send` delivers it). \
                Another Autocrypt mail program opens it with the Setup Code: 36 digits in 9 blocks of 4, made by \
                the system's secure random generator and printed here only. gpg-agent may ask for the key's passphrase.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The account whose key is sent (default: the first).", completion: .custom(CompletionNames.accounts)) var account: String?

        func run() throws {
            try runReportingFailure {
                let configuration = try global.loadConfiguration()
                let chosen = try configuration.chosenAccounts(account)[0]
                let store = try global.openStore()
                let composer = Composer(store: store, sender: try Composer.sender(account: chosen.name, configured: configuration.accounts, store: store))
                let code = AutocryptSetupCode.random()
                let payload = try MailCryptography(settings: configuration.general).pgp
                    .autocryptSetupPayload(for: chosen.email, preferEncrypt: chosen.autocryptPreferEncrypt, code: code)
                let built = try composer.autocryptSetupMessage(payload: payload)
                let queued = try Composer.enqueue(built, accountId: composer.sender.accountId, store: store, inReplyTo: nil,
                                                  replacingDraft: nil, filesSentCopy: false)
                print("Queued the Autocrypt Setup Message to \(chosen.email) (outbox message \(queued.id!)); `merle send` delivers it.")
                print("Setup Code (shown this once; write it down and keep it private):")
                print(code.formatted)
            }
        }
    }

    /// `merle autocrypt import-setup ID`: imports the secret key of a Setup Message.
    struct ImportSetup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-setup",
            abstract: "Import the secret key from an Autocrypt Setup Message into your GnuPG keyring, with its Setup Code.",
            discussion: """
                The code is asked for on the terminal (its first two digits are shown); scripts give it with \
                --code-from-stdin. Dashes and spaces between the digits do not matter.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The message's id, as merle list shows it.") var id: Int64
        @Flag(name: .customLong("code-from-stdin"), help: "Read the Setup Code from standard input instead of asking on the terminal.")
        var codeFromStdin = false

        func run() throws {
            try runReportingFailure {
                let store = try global.openStore()
                _ = try store.message(id: id)
                guard let raw = try store.rawMessage(id: id) else {
                    throw CommandError("the body of message \(id) is not downloaded yet; open it or sync first")
                }
                guard let payload = AutocryptSetupMessage.payload(in: MessageParser.parse([UInt8](raw))) else {
                    throw CommandError("message \(id) is not an Autocrypt Setup Message (no Autocrypt-Setup-Message: v1 header with an application/autocrypt-setup part)")
                }
                let typed: String?
                if codeFromStdin {
                    typed = readLine(strippingNewline: true)
                } else {
                    guard isatty(STDIN_FILENO) == 1 else {
                        throw CommandError("there is no terminal to ask for the Setup Code on; give it with --code-from-stdin")
                    }
                    let begin = AutocryptSetupMessage.passphraseBegin(payload).map { " (it starts with \($0))" } ?? ""
                    FileHandle.standardError.write(Data("Setup Code\(begin): ".utf8))
                    typed = readLine(strippingNewline: true)
                }
                guard let typed, let code = AutocryptSetupCode(typed: typed) else {
                    throw CommandError("a Setup Code is 36 digits (9 blocks of 4, as 1234-5678-…); nothing was imported")
                }
                let cryptography: MailCryptography
                do {
                    cryptography = MailCryptography(settings: try global.loadConfiguration().general)
                } catch is MissingConfigError {
                    cryptography = MailCryptography()
                }
                let imported = try cryptography.pgp.importAutocryptSetup(payload, code: code)
                let setup = cryptography.pgp.setup()
                print("Imported the secret key \(imported.fingerprints.joined(separator: ", ")) into GnuPG (\(setup.home))"
                      + (imported.preferEncrypt ? "; it was set up to prefer encryption (autocrypt_prefer_encrypt = true)." : "."))
            }
        }
    }
}
