import CGPGME
import Foundation
import MailMessage

/// Writing OpenPGP: detached signatures for PGP/MIME and encryption to the recipients'
/// keys. A key is chosen only by an exact address in one of its valid user IDs, and
/// only when it is neither revoked, expired nor disabled and can do the job.
extension PGPEngine {
    /// A detached, armored signature over `data` with the secret key of `signer`, and
    /// the `micalg` that names its digest (RFC 3156 section 5).
    /// Throws `SealingError.failed` with gpg's reason.
    public func signDetached(_ data: [UInt8], signer: String) throws(SealingError) -> (signature: [UInt8], micalg: String) {
        do { return try makeSignature(data, signer: signer) } catch { throw SealingError.failed(error.description) }
    }

    private func makeSignature(_ data: [UInt8], signer: String) throws(GPGMEError) -> (signature: [UInt8], micalg: String) {
        let context = try writingContext()
        let key = try usableKey(for: signer, secret: true, in: context)
        defer { gpgme_key_unref(key) }
        try GPGMEError.check(gpgme_signers_add(context.context, key), "GPGME would not sign with the key of \(signer)")
        let input = try GPGMEData(data)
        let output = try GPGMEData()
        try GPGMEError.check(gpgme_op_sign(context.context, input.handle, output.handle, GPGME_SIG_MODE_DETACH),
                             "gpg could not sign as \(signer)")
        var micalg = "pgp-sha256"
        if let result = gpgme_op_sign_result(context.context), let made = result.pointee.signatures,
           let name = gpgme_hash_algo_name(made.pointee.hash_algo) {
            micalg = "pgp-" + String(cString: name).lowercased()
        }
        return (output.takeBytes(), micalg)
    }

    /// `data` encrypted (armored) to the key of each address in `recipients`, and
    /// signed inside by `signer` when given.
    /// Throws `SealingError.failed` with gpg's reason.
    public func encrypt(_ data: [UInt8], to recipients: [String], signer: String?) throws(SealingError) -> [UInt8] {
        do { return try makeCiphertext(data, to: recipients, signer: signer) } catch { throw SealingError.failed(error.description) }
    }

    private func makeCiphertext(_ data: [UInt8], to recipients: [String], signer: String?) throws(GPGMEError) -> [UInt8] {
        let context = try writingContext()
        var keys: [gpgme_key_t?] = []
        defer { keys.forEach { if let key = $0 { gpgme_key_unref(key) } } }
        // A recipient the keyring has no key for may have an Autocrypt key: it goes to
        // gpg as a file (--recipient-file), through GPGME's recipient string, which then
        // names the keyring's keys by fingerprint too.
        var peerFiles: [URL] = []
        defer { peerFiles.forEach { try? FileManager.default.removeItem(at: $0) } }
        for recipient in recipients {
            do {
                keys.append(try usableKey(for: recipient, secret: false, in: context))
            } catch {
                guard autocryptPeers != nil, let peerKey = try? autocryptPeerKey(for: recipient) else { throw error }
                peerFiles.append(try writeKeyFile(peerKey))
            }
        }
        if let signer {
            let key = try usableKey(for: signer, secret: true, in: context)
            defer { gpgme_key_unref(key) }
            try GPGMEError.check(gpgme_signers_add(context.context, key), "GPGME would not sign with the key of \(signer)")
        }
        let input = try GPGMEData(data)
        let output = try GPGMEData()
        // The keys were chosen by their valid user IDs above; gpg's web of trust is not
        // asked again (see docs/DECISIONS.md, 2026-12-07).
        let flags = gpgme_encrypt_flags_t(GPGME_ENCRYPT_ALWAYS_TRUST.rawValue)
        let error: gpgme_error_t
        if peerFiles.isEmpty {
            keys.append(nil)
            error = keys.withUnsafeMutableBufferPointer { buffer in
                signer == nil ? gpgme_op_encrypt(context.context, buffer.baseAddress, flags, input.handle, output.handle)
                    : gpgme_op_encrypt_sign(context.context, buffer.baseAddress, flags, input.handle, output.handle)
            }
        } else {
            let fingerprints = keys.compactMap { $0?.pointee.fpr.map { String(cString: $0) } }
            let recipientString = (fingerprints + peerFiles.flatMap { ["--file", $0.path] }).joined(separator: "\n")
            error = signer == nil ? gpgme_op_encrypt_ext(context.context, nil, recipientString, flags, input.handle, output.handle)
                : gpgme_op_encrypt_sign_ext(context.context, nil, recipientString, flags, input.handle, output.handle)
        }
        try GPGMEError.check(error, "gpg could not encrypt")
        return output.takeBytes()
    }

    /// A key in a private temporary file (0600) for gpg to read; the caller removes it.
    private func writeKeyFile(_ key: [UInt8]) throws(GPGMEError) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("merle-autocrypt-\(UUID().uuidString).gpg")
        guard FileManager.default.createFile(atPath: url.path, contents: Data(key), attributes: [.posixPermissions: 0o600]) else {
            throw GPGMEError("cannot write a temporary key file in \(FileManager.default.temporaryDirectory.path)")
        }
        return url
    }

    /// The addresses that have no key to encrypt to, each with the reason: neither in
    /// the keyring nor, when Autocrypt peers are given, from a usable Autocrypt header.
    public func recipientsLackingKeys(_ recipients: [String]) -> [MissingKey] {
        guard let context = try? writingContext() else {
            return recipients.map { MissingKey(address: $0, reason: "GnuPG (gpg) could not start") }
        }
        return recipients.compactMap { recipient -> MissingKey? in
            do {
                gpgme_key_unref(try usableKey(for: recipient, secret: false, in: context))
                return nil
            } catch {
                guard autocryptPeers != nil else { return MissingKey(address: recipient, reason: "\(error)") }
                do {
                    _ = try autocryptPeerKey(for: recipient)
                    return nil
                } catch let peerError {
                    // "no key" twice says nothing new: then the keyring's reason alone.
                    let peerReason = "\(peerError)"
                    return MissingKey(address: recipient, reason: peerReason.hasPrefix("no key for") ? "\(error)" : "\(error); \(peerReason)")
                }
            }
        }
    }

    private func writingContext() throws(GPGMEError) -> GPGMEContext {
        let context = try GPGMEContext(homeDirectory: homeDirectory)
        gpgme_set_armor(context.context, 1)
        if passphrases == .cachedOnly {
            try GPGMEError.check(gpgme_set_pinentry_mode(context.context, GPGME_PINENTRY_MODE_CANCEL), "GPGME refused the pinentry mode")
        }
        return context
    }

    /// The first key for `address` that can encrypt (or, `secret`, sign); the caller
    /// unrefs it. Throws with what is wrong with the keys found, or that there is none.
    func usableKey(for address: String, secret: Bool, in context: GPGMEContext) throws(GPGMEError) -> gpgme_key_t {
        var problems: [String] = []
        var chosen: gpgme_key_t?
        guard gpgme_op_keylist_start(context.context, "<\(address)>", secret ? 1 : 0) == 0 else {
            throw GPGMEError("gpg could not list the keys for \(address)")
        }
        var next: gpgme_key_t?
        while chosen == nil, gpgme_op_keylist_next(context.context, &next) == 0, let key = next {
            next = nil
            let problem = Self.problem(with: key, address: address, secret: secret)
            if let problem {
                problems.append(problem)
                gpgme_key_unref(key)
            } else {
                chosen = key
            }
        }
        gpgme_op_keylist_end(context.context)
        if let chosen { return chosen }
        if problems.isEmpty { throw GPGMEError(secret ? "no secret key for \(address) to sign with" : "no key for \(address)") }
        throw GPGMEError(problems.joined(separator: "; "))
    }

    /// What makes `key` unfit to encrypt to `address` (or, `secret`, to sign as it),
    /// or nil when it is fit: a valid user ID with exactly that address, not revoked,
    /// expired, disabled or invalid, and able to do the job.
    static func problem(with key: gpgme_key_t, address: String, secret: Bool) -> String? {
        let wanted = address.lowercased()
        var named = false
        var uid = key.pointee.uids
        while let current = uid {
            if current.pointee.revoked == 0, current.pointee.invalid == 0,
               let email = current.pointee.email, String(cString: email).lowercased() == wanted { named = true }
            uid = current.pointee.next
        }
        return if !named { "its user ID for \(address) is revoked or not an exact match" }
            else if key.pointee.revoked != 0 { "the key is revoked" }
            else if key.pointee.expired != 0 { "the key has expired" }
            else if key.pointee.disabled != 0 { "the key is disabled" }
            else if key.pointee.invalid != 0 { "the key is invalid" }
            else if secret, key.pointee.can_sign == 0 { "the key cannot sign" }
            else if !secret, key.pointee.can_encrypt == 0 { "the key has no usable encryption subkey" }
            else { nil }
    }
}
