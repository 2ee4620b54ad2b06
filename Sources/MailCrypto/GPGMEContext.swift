import CGPGME

/// GPGME must be told its version once, before any other call, from any thread.
/// A global's initialiser runs once and is thread-safe in Swift.
private let gpgmeVersion: String? = gpgme_check_version(nil).map { String(cString: $0) }

/// One GPGME context: a session with the OpenPGP engine (gpg) for one operation.
/// Not shared between threads (GPGME contexts are not thread-safe); each check makes
/// its own, which costs little next to running gpg.
final class GPGMEContext {
    let context: gpgme_ctx_t

    /// A context for OpenPGP in `homeDirectory` (a GNUPGHOME), or gpg's default one.
    /// Offline: gpg never fetches keys or revocation lists while checking mail, so
    /// opening a message tells no one that it was read.
    init(homeDirectory: String?) throws(GPGMEError) {
        guard gpgmeVersion != nil else { throw GPGMEError("GPGME could not start; is GnuPG (gpg) installed?") }
        var context: gpgme_ctx_t?
        try GPGMEError.check(gpgme_new(&context), "GPGME could not start")
        guard let context else { throw GPGMEError("GPGME could not start") }
        self.context = context
        try GPGMEError.check(gpgme_set_protocol(context, GPGME_PROTOCOL_OpenPGP), "GnuPG (gpg) is not available")
        if let homeDirectory {
            try GPGMEError.check(gpgme_ctx_set_engine_info(context, GPGME_PROTOCOL_OpenPGP, nil, homeDirectory),
                                 "cannot use the GnuPG home \(homeDirectory)")
        }
        gpgme_set_offline(context, 1)
    }

    deinit { gpgme_release(context) }

    /// The key with this fingerprint from the keyring, if it is there.
    func key(fingerprint: String) -> (userID: String?, addresses: [String]) {
        var key: gpgme_key_t?
        guard gpgme_get_key(context, fingerprint, &key, 0) == 0, let key else { return (nil, []) }
        defer { gpgme_key_unref(key) }
        var userID: String?
        var addresses: [String] = []
        var uid = key.pointee.uids
        while let current = uid {
            // A revoked or invalid user ID no longer speaks for the key.
            if current.pointee.revoked == 0, current.pointee.invalid == 0 {
                if userID == nil, let text = current.pointee.uid { userID = String(cString: text) }
                if let email = current.pointee.email, email.pointee != 0 { addresses.append(String(cString: email).lowercased()) }
            }
            uid = current.pointee.next
        }
        return (userID, addresses)
    }
}
