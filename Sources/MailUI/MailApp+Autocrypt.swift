import Foundation
import MailCrypto
import MailMessage
import MailStore

/// Autocrypt in the reader: `:import-setup` on an Autocrypt Setup Message.
extension MailApp {
    /// The selected message is an Autocrypt Setup Message: asks for its Setup Code (its
    /// first two digits shown) and imports the secret key into the GnuPG keyring. A wrong
    /// code imports nothing and says so.
    func askToImportAutocryptSetup() throws {
        guard let message = try selectedMessage(), let id = message.id else { throw ComposeFailure("no message is selected") }
        guard let raw = try store.rawMessage(id: id) else {
            sendCommand(.fetchBody(messageId: id))
            throw ComposeFailure("the message is still on the server; it is being downloaded, try again in a moment")
        }
        guard let payload = AutocryptSetupMessage.payload(in: MessageParser.parse([UInt8](raw))) else {
            throw ComposeFailure("this is not an Autocrypt Setup Message (no Autocrypt-Setup-Message: v1 header with an application/autocrypt-setup part)")
        }
        guard let cryptography = sealer as? MailCryptography else { throw ComposeFailure("OpenPGP (GnuPG) is not available here") }
        let begin = AutocryptSetupMessage.passphraseBegin(payload).map { ", it starts with \($0)" } ?? ""
        ask(LineEditor(prompt: "Setup Code (36 digits\(begin)): ", text: "")) { app, text in
            guard let code = AutocryptSetupCode(typed: text) else {
                throw ComposeFailure("a Setup Code is 36 digits (9 blocks of 4, as 1234-5678-…); nothing was imported")
            }
            let imported = try cryptography.pgp.importAutocryptSetup(payload, code: code)
            app.info = "Imported the secret key \(imported.fingerprints.joined(separator: ", ")) into GnuPG."
        }
    }
}
