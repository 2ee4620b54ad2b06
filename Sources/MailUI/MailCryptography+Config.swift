import MailCrypto
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
