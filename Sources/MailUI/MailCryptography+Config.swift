import Foundation
import MailCrypto
import MailStore
import MerleConfig

extension MailCryptography {
    /// The user's GnuPG (`$GNUPGHOME`, else ~/.gnupg) and the S/MIME key, certificate and
    /// CA file of `[general]`, as the reader and `merle show` use them.
    public init(settings: GeneralSettings, terminalHandOver: TerminalHandOver? = nil) {
        var identities: [SMIMEEngine.Identity] = []
        if let key = settings.smimeKey, let certificate = settings.smimeCertificate {
            identities.append(SMIMEEngine.Identity(keyPath: key, certificatePath: certificate))
        }
        self.init(smime: SMIMEEngine(identities: identities, caFile: settings.smimeCAFile,
                                                    certificatesFolder: settings.smimeCertificates), terminalHandOver: terminalHandOver)
    }
}

extension MailCryptography {
    /// Merle's own GnuPG home for Autocrypt peers' keys, beside the store (the data
    /// dir): the user's keyring is never written to.
    public static func autocryptHome(store: MailStore) -> String {
        ((store.path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("autocrypt-gnupg")
    }

    /// This cryptography, encrypting also to the Autocrypt keys account `accountId` has
    /// kept from its correspondents' mail, for those the keyring has no key for.
    public func withAutocryptPeers(store: MailStore, accountId: Int64) -> MailCryptography {
        var copy = self
        copy.pgp.autocryptPeers = AutocryptPeerKeys(home: Self.autocryptHome(store: store)) { address in
            (try? store.autocryptPeer(accountId: accountId, address: address)).flatMap { $0.map { [UInt8]($0.publicKey) } }
        }
        return copy
    }
}
