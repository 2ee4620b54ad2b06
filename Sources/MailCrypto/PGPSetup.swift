import CGPGME
import Foundation

/// What `merle config check` says about the OpenPGP setup: which gpg GPGME found, the
/// GnuPG home, and the secret keys mail can be decrypted with.
public struct PGPSetup: Sendable {
    /// A key mail can be decrypted with: its primary user ID and fingerprint.
    public struct SecretKey: Sendable {
        public var userID: String
        public var fingerprint: String
    }

    /// The gpg GPGME runs and its version; nil when there is none.
    public var gpg: (path: String, version: String)?
    public var gpgmeVersion: String?
    /// The GnuPG home used, and whether it exists (it is never created here).
    public var home: String
    public var homeExists: Bool
    public var secretKeys: [SecretKey]
}

extension PGPEngine {
    /// Looks at the setup without changing it: the home is not created when missing.
    public func setup() -> PGPSetup {
        let version = gpgme_check_version(nil).map { String(cString: $0) }
        let home = homeDirectory ?? gpgme_get_dirinfo("homedir").map { String(cString: $0) } ?? "~/.gnupg"
        var setup = PGPSetup(gpg: nil, gpgmeVersion: version, home: home,
                             homeExists: FileManager.default.fileExists(atPath: home), secretKeys: [])
        var info: gpgme_engine_info_t?
        if gpgme_get_engine_info(&info) == 0 {
            var engine = info
            while let current = engine {
                if current.pointee.protocol == GPGME_PROTOCOL_OpenPGP, let file = current.pointee.file_name, let found = current.pointee.version {
                    setup.gpg = (String(cString: file), String(cString: found))
                }
                engine = current.pointee.next
            }
        }
        guard setup.homeExists, setup.gpg != nil, let context = try? GPGMEContext(homeDirectory: homeDirectory) else { return setup }
        guard gpgme_op_keylist_start(context.context, nil, 1) == 0 else { return setup }
        var key: gpgme_key_t?
        while setup.secretKeys.count < 50, gpgme_op_keylist_next(context.context, &key) == 0, let found = key {
            let userID = found.pointee.uids?.pointee.uid.map { String(cString: $0) } ?? "(no user ID)"
            let fingerprint = found.pointee.fpr.map { String(cString: $0) } ?? ""
            setup.secretKeys.append(PGPSetup.SecretKey(userID: userID, fingerprint: fingerprint))
            gpgme_key_unref(found)
            key = nil
        }
        gpgme_op_keylist_end(context.context)
        return setup
    }
}
